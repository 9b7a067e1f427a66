/**
 * `ActorWeak<A>`: a ref that does not keep its actor alive (rsActor's `ActorWeak`). Lifecycle
 * hooks receive one as `self`, so that a long-running `onRun` cannot keep its own actor from the
 * garbage-collection-driven stop. `upgrade()` gives a strong `ActorRef` back while the actor runs.
 */
import { type CancelTimer, scheduleOnce, scheduleRepeating } from "../timers/schedule.ts";
import type { ActorRef } from "./actor-ref.ts";
import type { Identity } from "./identity.ts";
import type { HandlerName, PayloadOf } from "./message-types.ts";
import type { RefTarget } from "./ref-target.ts";

/**
 * A weak handle to an actor of class `A`.
 *
 * @example
 * ```ts
 * class Poller extends Actor {
 *   async onRun(self: ActorWeak<Poller>, signal: AbortSignal) {
 *     while (!signal.aborted) {
 *       await sleep(1000);
 *       self.upgrade()?.tell("poll");
 *     }
 *   }
 *   poll() {}
 * }
 * ```
 */
export class ActorWeak<A> {
  readonly #target: RefTarget;

  /**
   * @internal Weak refs come from `ActorRef.downgrade()` and the hooks' `self`.
   * @param target - what the ref forwards to
   */
  constructor(target: RefTarget) {
    this.#target = target;
  }

  /**
   * A strong ref while the actor is alive and still strongly referenced, else `undefined`.
   *
   * @example
   * ```ts
   * const ref = weak.upgrade();
   * if (ref) await ref.tell("ping");
   * ```
   */
  upgrade(): ActorRef<A> | undefined {
    return this.#target.upgrade<A>();
  }

  /**
   * The actor's identity, the same as its strong refs'.
   *
   * @example
   * ```ts
   * String(weak.identity()); // "Poller(#3)"
   * ```
   */
  identity(): Identity {
    return this.#target.identity();
  }

  /**
   * `ActorRef.schedule` without a strong ref: a one-shot timer to self that does not keep the
   * actor alive (a garbage-collection stop disarms it like any stop).
   *
   * @param name - the handler name
   * @param payload - its payload (`undefined` for a handler without one)
   * @param delayMs - the delay, from 0 to 2147483647 ms
   * @returns a function that cancels the timer
   * @throws RangeError for a delay outside that range
   * @example
   * ```ts
   * onRun(self: ActorWeak<Session>) {
   *   self.schedule("expire", undefined, 15 * 60_000);
   * }
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
   * `ActorRef.scheduleEvery` without a strong ref: a repeating timer to self (skipping while a
   * tick is queued or in hand) that does not keep the actor alive.
   *
   * @param name - the handler name
   * @param payload - its payload (`undefined` for a handler without one)
   * @param everyMs - the period, from 1 to 2147483647 ms
   * @returns a function that cancels the timer
   * @throws RangeError for a period outside that range
   * @example
   * ```ts
   * onRun(self: ActorWeak<Poller>) {
   *   self.scheduleEvery("poll", undefined, 5_000);
   * }
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
   * False once the actor will handle no more messages.
   *
   * @example
   * ```ts
   * if (!weak.isAlive()) return;
   * ```
   */
  isAlive(): boolean {
    return this.#target.isAlive();
  }

  /**
   * `"ActorWeak(Poller(#3))"`.
   *
   * @example
   * ```ts
   * String(weak); // "ActorWeak(Poller(#3))"
   * ```
   */
  toString(): string {
    return `ActorWeak(${String(this.#target.identity())})`;
  }
}
