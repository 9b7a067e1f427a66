/**
 * The internal seam between a ref and what it points at. `ActorRef` and `ActorWeak` are plain
 * classes that forward every call to a `RefTarget`: one running actor (the runtime's actor
 * cell), or a supervisor (`supervision/supervisor.ts`), which implements this same interface
 * so that `sup.ref` is a real `ActorRef` whose messages reach whichever incarnation is alive.
 *
 * How to implement one:
 * - Nothing here may throw for an expected failure: return an `ActorError` result (see
 *   `failure()` in `result/outcomes.ts`). Names are already type-checked by `ActorRef`, but plain
 *   JavaScript callers can send anything, so validate `name` (kind `"unknown-message"`).
 * - `payload` is passed through untouched; `options` is `undefined` on the fast path.
 * - `identity()` must return the same frozen object every time.
 * - Strong refs: create them with `new ActorRef(target)` and register each with
 *   `trackStrongRef(ref, owner)` from `ref/ref-registry.ts`; the owner's `refDropped()` runs when
 *   one is garbage-collected, so the owner counts them and stops when the count reaches zero.
 *   Never keep a strong reference to your own refs (a `WeakRef` is fine), or GC can never stop
 *   the target.
 * - `upgrade()` returns a strong ref while the target is alive and still has strong refs
 *   (reuse a live one through a `WeakRef`, or issue and track a new one), else `undefined`.
 *
 * @internal
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import type { ActorMetrics } from "../metrics/actor-metrics.ts";
import type { ActorRef } from "./actor-ref.ts";
import type { Identity } from "./identity.ts";
import type { AskOptions, TellOptions } from "./message-types.ts";

/**
 * What an `ActorRef`/`ActorWeak` forwards to. See the module comment for the contract.
 *
 * @internal
 */
export interface RefTarget {
  /** The target's stable identity (same object on every call). */
  identity(): Identity;
  /** `ActorRef.tell`: enqueue, waiting for room (backpressure) within `options`. */
  tell(
    name: string,
    payload: unknown,
    options: TellOptions | undefined,
  ): Promise<Result<void, ActorError>>;
  /** `ActorRef.tryTell`: enqueue now or answer `"mailbox-full"`. */
  tryTell(name: string, payload: unknown): Result<void, ActorError>;
  /** `ActorRef.ask`: request/reply; resolves with the handler's reply or an `ActorError`. */
  ask(
    name: string,
    payload: unknown,
    options: AskOptions | undefined,
  ): Promise<Result<unknown, ActorError>>;
  /** `ActorRef.stop`: place the graceful stop marker; resolves once it is placed. */
  stop(): Promise<void>;
  /** `ActorRef.kill`: terminate through the biased channel; synchronous. */
  kill(): void;
  /** False once the target will handle no more messages. */
  isAlive(): boolean;
  /** Resolves when the target has ended. */
  waitStopped(): Promise<void>;
  /** The target's metrics snapshot. */
  metrics(): ActorMetrics;
  /** A strong ref to the target while it is alive and strongly referenced, else `undefined`. */
  upgrade<A>(): ActorRef<A> | undefined;
}
