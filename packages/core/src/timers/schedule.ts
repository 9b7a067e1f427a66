/**
 * Timers to self: `schedule` (once, after a delay) and `scheduleEvery` (repeating), behind
 * `ActorRef`/`ActorWeak`. A fired timer sends through the target like any caller: a tell that
 * waits for room like a tell, and, for a repeating timer, an ask, whose answer says the tick has
 * been handled, so that one tick is never queued or in hand while the next fires (it skips, as
 * Akka's fixed-delay timers do). Handles are unref'd: timers never keep the process alive, and
 * every timer is cleared the moment its target is stopped or killed, and when it ends.
 */
import type { RefTarget } from "../ref/ref-target.ts";
import { type Cancellable, openTimers, type TimerSet } from "./timer-set.ts";

/**
 * Cancels a timer. Harmless when repeated, or after the timer fired or its actor ended.
 *
 * @example
 * ```ts
 * const cancel = ref.scheduleEvery("poll", undefined, 1000);
 * cancel();
 * ```
 */
export type CancelTimer = () => void;

/** The largest delay Node's timers accept (about 24.8 days). */
export const MAX_DELAY_MS = 2_147_483_647;

const NO_TIMER: CancelTimer = () => {};

function checkDelay(option: string, value: number, min: number): void {
  if (typeof value !== "number" || !(value >= min) || value > MAX_DELAY_MS) {
    throw new RangeError(
      `${option} must be a number from ${min} to ${MAX_DELAY_MS}, received ${String(value)}`,
    );
  }
}

class OnceTimer implements Cancellable {
  readonly #set: TimerSet;
  readonly #target: RefTarget;
  readonly #name: string;
  readonly #payload: unknown;
  #handle: ReturnType<typeof setTimeout> | undefined;
  #controller: AbortController | undefined;

  constructor(set: TimerSet, target: RefTarget, name: string, payload: unknown, delayMs: number) {
    this.#set = set;
    this.#target = target;
    this.#name = name;
    this.#payload = payload;
    this.#handle = setTimeout(() => this.#fire(), delayMs);
    this.#handle.unref();
  }

  #fire(): void {
    this.#handle = undefined;
    const controller = new AbortController();
    this.#controller = controller;
    const sent = this.#target.tell(this.#name, this.#payload, { signal: controller.signal });
    sent.then(
      () => this.#settled(controller),
      () => this.#settled(controller),
    );
  }

  #settled(controller: AbortController): void {
    if (this.#controller === controller) this.#controller = undefined;
    this.#set.delete(this);
  }

  cancel(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#controller?.abort();
    this.#controller = undefined;
    this.#set.delete(this);
  }
}

class RepeatingTimer implements Cancellable {
  readonly #set: TimerSet;
  readonly #target: RefTarget;
  readonly #name: string;
  readonly #payload: unknown;
  #handle: ReturnType<typeof setInterval> | undefined;
  #inFlight = false;

  constructor(set: TimerSet, target: RefTarget, name: string, payload: unknown, everyMs: number) {
    this.#set = set;
    this.#target = target;
    this.#name = name;
    this.#payload = payload;
    this.#handle = setInterval(() => this.#fire(), everyMs);
    this.#handle.unref();
  }

  #fire(): void {
    if (this.#inFlight) return;
    this.#inFlight = true;
    this.#target.ask(this.#name, this.#payload, undefined).then(
      (answered) => {
        this.#inFlight = false;
        if (!answered.ok && answered.error.kind === "unknown-message") this.cancel();
      },
      () => {
        this.#inFlight = false;
      },
    );
  }

  cancel(): void {
    if (this.#handle !== undefined) clearInterval(this.#handle);
    this.#handle = undefined;
    this.#set.delete(this);
  }
}

/**
 * Arms a one-shot timer that tells `target` `name(payload)` after `delayMs`.
 *
 * @internal Reached through `ActorRef.schedule` / `ActorWeak.schedule`.
 * @param target - the actor or supervisor
 * @param name - the handler name
 * @param payload - its payload
 * @param delayMs - the delay, 0 to 2147483647 ms
 * @throws RangeError for a delay outside that range
 * @example
 * ```ts
 * const cancel = scheduleOnce(cell, "timeout", requestId, 5000);
 * ```
 */
export function scheduleOnce(
  target: RefTarget,
  name: string,
  payload: unknown,
  delayMs: number,
): CancelTimer {
  checkDelay("delayMs", delayMs, 0);
  const set = openTimers(target);
  if (set === undefined) return NO_TIMER;
  const timer = new OnceTimer(set, target, name, payload, delayMs);
  set.add(timer);
  return () => timer.cancel();
}

/**
 * Arms a repeating timer that sends `name(payload)` to `target` every `everyMs`, skipping a tick
 * while the previous one is still queued or being handled.
 *
 * @internal Reached through `ActorRef.scheduleEvery` / `ActorWeak.scheduleEvery`.
 * @param target - the actor or supervisor
 * @param name - the handler name
 * @param payload - its payload
 * @param everyMs - the period, 1 to 2147483647 ms
 * @throws RangeError for a period outside that range
 * @example
 * ```ts
 * const cancel = scheduleRepeating(cell, "flush", undefined, 1000);
 * ```
 */
export function scheduleRepeating(
  target: RefTarget,
  name: string,
  payload: unknown,
  everyMs: number,
): CancelTimer {
  checkDelay("everyMs", everyMs, 1);
  const set = openTimers(target);
  if (set === undefined) return NO_TIMER;
  const timer = new RepeatingTimer(set, target, name, payload, everyMs);
  set.add(timer);
  return () => timer.cancel();
}
