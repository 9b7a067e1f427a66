/**
 * The timers armed on one target (an actor, or a supervisor behind `sup.ref`), kept in a
 * `WeakMap` beside it so that an actor that never schedules anything pays nothing. The runtime
 * calls {@link disarmTimers} the moment `stop()` or `kill()` is called and when the target ends:
 * every timer is cleared, and the set stays closed so that nothing can be armed afterwards.
 */
import type { RefTarget } from "../ref/ref-target.ts";

/**
 * Something a timer set can cancel.
 *
 * @internal
 */
export interface Cancellable {
  /** Clears the timer and withdraws a send that is still waiting for mailbox room. */
  cancel(): void;
}

/**
 * The live timers of one target.
 *
 * @internal
 */
export class TimerSet {
  #timers: Set<Cancellable> | undefined = new Set();

  /** True once disarmed: nothing can be armed any more. */
  get closed(): boolean {
    return this.#timers === undefined;
  }

  /** Tracks a timer; false (and nothing tracked) when the set is closed. */
  add(timer: Cancellable): boolean {
    if (this.#timers === undefined) return false;
    this.#timers.add(timer);
    return true;
  }

  /** Forgets a timer that fired or was cancelled. */
  delete(timer: Cancellable): void {
    this.#timers?.delete(timer);
  }

  /** Cancels every timer and closes the set. */
  close(): void {
    const timers = this.#timers;
    if (timers === undefined) return;
    this.#timers = undefined;
    for (const timer of timers) timer.cancel();
  }
}

const sets = new WeakMap<RefTarget, TimerSet>();

const CLOSED = new TimerSet();
CLOSED.close();

/**
 * The open timer set of `target`, created on first use; `undefined` once the target has been
 * disarmed or has ended.
 *
 * @internal
 * @param target - what the timers send to
 * @example
 * ```ts
 * const set = openTimers(cell);
 * if (set === undefined) return NO_TIMER;
 * ```
 */
export function openTimers(target: RefTarget): TimerSet | undefined {
  let set = sets.get(target);
  if (set === undefined) {
    if (!target.isAlive()) return undefined;
    set = new TimerSet();
    sets.set(target, set);
  }
  return set.closed ? undefined : set;
}

/**
 * Cancels every timer of `target` and refuses new ones. Called by the runtime the moment
 * `stop()` or `kill()` is called, and when the target ends. Harmless when repeated.
 *
 * @internal
 * @param target - an actor cell or a supervisor
 * @example
 * ```ts
 * stop(): Promise<void> {
 *   disarmTimers(this);
 *   // …
 * }
 * ```
 */
export function disarmTimers(target: RefTarget): void {
  const set = sets.get(target);
  if (set === undefined) sets.set(target, CLOSED);
  else set.close();
}

/**
 * Cancels the timers of `target` if it has any. Called when the target ends (a crash, a failed
 * start, the end of a stop): it handles no more messages, so nothing new can be armed anyway.
 *
 * @internal
 * @param target - an actor cell or a supervisor
 * @example
 * ```ts
 * closeTimers(this); // on the way to onStop
 * ```
 */
export function closeTimers(target: RefTarget): void {
  sets.get(target)?.close();
}
