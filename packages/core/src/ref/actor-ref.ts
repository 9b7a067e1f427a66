/**
 * `ActorRef<A>`: the typed, strong handle to an actor. A plain class (never a `Proxy`) that
 * forwards to a `RefTarget`, so a supervisor can stand behind the same class. Message names and
 * payloads are checked against the actor class at compile time; holding one keeps the actor
 * running, and when every strong ref is garbage-collected the actor stops gracefully.
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import type { ActorMetrics } from "../metrics/actor-metrics.ts";
import { type CancelTimer, scheduleOnce, scheduleRepeating } from "../timers/schedule.ts";
import { ActorWeak } from "./actor-weak.ts";
import type { Identity } from "./identity.ts";
import type {
  AskArgs,
  AskOptions,
  HandlerName,
  PayloadArgs,
  PayloadOf,
  ReplyOf,
  TellArgs,
  TellOptions,
} from "./message-types.ts";
import type { RefTarget } from "./ref-target.ts";

/**
 * A strong, typed handle to an actor of class `A`. Every method returns a value; nothing
 * expected is thrown.
 *
 * @example
 * ```ts
 * const [counter, done] = spawn(Counter, { start: 10 });
 * counter.tell("increment", 5);                // fire-and-forget
 * const n = await counter.ask("increment", 1); // Result<number, ActorError>
 * if (n.ok) console.log(n.value);              // 16
 * await counter.stop();
 * await done;
 * ```
 */
export class ActorRef<A> {
  readonly #target: RefTarget;

  /**
   * @internal Refs come from `spawn`, `upgrade()` or a handler's second parameter.
   * @param target - what the ref forwards to
   */
  constructor(target: RefTarget) {
    this.#target = target;
  }

  /**
   * Sends a message without waiting for its handling. Resolves once the mailbox accepted it; on a
   * full mailbox it waits for room (backpressure) unless `options.timeout` ms pass first
   * (`"timeout"`) or `options.signal` aborts (`"aborted"`).
   *
   * @param name - the handler name
   * @param args - the payload (when the handler takes one), then options
   * @example
   * ```ts
   * const sent = await counter.tell("increment", 5, { timeout: 100 });
   * if (!sent.ok) console.warn(sent.error.kind);
   * ```
   */
  tell<K extends HandlerName<A>>(
    name: K,
    ...args: TellArgs<A, K>
  ): Promise<Result<void, ActorError>> {
    return this.#target.tell(name, args[0], args[1] as TellOptions | undefined);
  }

  /**
   * Sends a message now or not at all: `"mailbox-full"` when there is no room.
   *
   * @param name - the handler name
   * @param args - the payload, when the handler takes one
   * @example
   * ```ts
   * const sent = counter.tryTell("increment", 1);
   * if (!sent.ok && sent.error.kind === "mailbox-full") dropSample();
   * ```
   */
  tryTell<K extends HandlerName<A>>(name: K, ...args: PayloadArgs<A, K>): Result<void, ActorError> {
    return this.#target.tryTell(name, args[0]);
  }

  /**
   * Sends a message and waits for the handler's reply, typed by its return type (awaited, with a
   * `deferred` reply unwrapped). `options.timeout` covers the whole round trip; a reply that
   * arrives after it is dropped (a dead letter) and the handler is not cancelled.
   *
   * @param name - the handler name
   * @param args - the payload (when the handler takes one), then options
   * @example
   * ```ts
   * const n = await counter.ask("increment", 1, { timeout: 1000 });
   * if (n.ok) console.log(n.value); // number
   * ```
   */
  ask<K extends HandlerName<A>>(
    name: K,
    ...args: AskArgs<A, K>
  ): Promise<Result<ReplyOf<A, K>, ActorError>> {
    return this.#target.ask(name, args[0], args[1] as AskOptions | undefined) as Promise<
      Result<ReplyOf<A, K>, ActorError>
    >;
  }

  /**
   * Stops the actor gracefully: places a stop marker at the end of the mailbox and resolves once
   * it is placed. Everything queued before it is handled; sends after it are refused
   * (`"stopped"`). Wait for the end with the `JoinHandle` or {@link ActorRef.waitStopped}.
   * Repeated calls are harmless.
   *
   * @example
   * ```ts
   * await counter.stop();
   * await counter.waitStopped();
   * ```
   */
  stop(): Promise<void> {
    return this.#target.stop();
  }

  /**
   * Kills the actor at once through a separate, always-checked-first channel: the running handler
   * finishes, nothing else queued is handled (queued asks get `"stopped"`), then
   * `onStop(self, true, unprocessed)` runs. Harmless when repeated or after the end.
   *
   * @example
   * ```ts
   * counter.kill();
   * const result = await done; // result.killed === true
   * ```
   */
  kill(): void {
    this.#target.kill();
  }

  /**
   * False once the actor will handle no more messages.
   *
   * @example
   * ```ts
   * if (counter.isAlive()) counter.tell("increment", 1);
   * ```
   */
  isAlive(): boolean {
    return this.#target.isAlive();
  }

  /**
   * The actor's identity: `{ id, name }`, printing as `"Counter(#7)"`.
   *
   * @example
   * ```ts
   * console.log(`${counter.identity()}`); // "Counter(#7)"
   * ```
   */
  identity(): Identity {
    return this.#target.identity();
  }

  /**
   * Tells the actor `name(payload)` once, after `delayMs`: a timer to self. The timer is
   * disarmed the moment the actor is stopped or killed (and when it ends), never keeps the
   * process alive, and waits like a `tell` if the mailbox is full when it fires.
   *
   * @param name - the handler name
   * @param payload - its payload (`undefined` for a handler without one)
   * @param delayMs - the delay, from 0 to 2147483647 ms
   * @returns a function that cancels the timer (harmless when called late or twice)
   * @throws RangeError for a delay outside that range
   * @example
   * ```ts
   * const cancel = ref.schedule("expire", requestId, 30_000);
   * // the answer came first:
   * cancel();
   * ```
   */
  schedule<K extends HandlerName<A>>(
    name: K,
    payload: PayloadOf<A, K>,
    delayMs: number,
  ): CancelTimer {
    return scheduleOnce(this.#target, name, payload, delayMs);
  }

  /**
   * Sends the actor `name(payload)` every `everyMs`, the first time after `everyMs`. A tick
   * that comes while the previous one is still queued or being handled is skipped, never piled
   * up. Disarmed the moment the actor is stopped or killed (and when it ends); never keeps the
   * process alive.
   *
   * @param name - the handler name
   * @param payload - its payload (`undefined` for a handler without one)
   * @param everyMs - the period, from 1 to 2147483647 ms
   * @returns a function that cancels the timer
   * @throws RangeError for a period outside that range
   * @example
   * ```ts
   * const cancel = ref.scheduleEvery("flush", undefined, 1_000);
   * ```
   */
  scheduleEvery<K extends HandlerName<A>>(
    name: K,
    payload: PayloadOf<A, K>,
    everyMs: number,
  ): CancelTimer {
    return scheduleRepeating(this.#target, name, payload, everyMs);
  }

  /**
   * A weak ref: it does not keep the actor alive; `upgrade()` gives a strong ref back while the
   * actor runs.
   *
   * @example
   * ```ts
   * const weak = counter.downgrade();
   * weak.upgrade()?.tell("increment", 1);
   * ```
   */
  downgrade(): ActorWeak<A> {
    return new ActorWeak<A>(this.#target);
  }

  /**
   * Resolves when the actor has ended (after `onStop`).
   *
   * @example
   * ```ts
   * counter.kill();
   * await counter.waitStopped();
   * ```
   */
  waitStopped(): Promise<void> {
    return this.#target.waitStopped();
  }

  /**
   * A snapshot of the actor's message count, handling times, uptime and last activity.
   *
   * @example
   * ```ts
   * console.log(counter.metrics().messageCount);
   * ```
   */
  metrics(): ActorMetrics {
    return this.#target.metrics();
  }

  /**
   * `"ActorRef(Counter(#7))"`.
   *
   * @example
   * ```ts
   * String(counter); // "ActorRef(Counter(#7))"
   * ```
   */
  toString(): string {
    return `ActorRef(${String(this.#target.identity())})`;
  }
}
