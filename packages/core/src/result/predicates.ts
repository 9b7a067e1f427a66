/**
 * Predicates over `ActorResult`, mirroring rsActor's `is_completed`, `is_failed`, `was_killed`
 * and `stopped_normally`.
 */
import type { ActorResult, CompletedResult, FailedResult } from "./actor-result.ts";

/**
 * True when the actor ended without an error (possibly killed).
 *
 * @param result - an actor's result
 * @example
 * ```ts
 * if (isCompleted(await done)) console.log("no failure");
 * ```
 */
export function isCompleted<A>(result: ActorResult<A>): result is CompletedResult<A> {
  return result.status === "completed";
}

/**
 * True when the actor failed in some phase.
 *
 * @param result - an actor's result
 * @example
 * ```ts
 * const result = await done;
 * if (isFailed(result)) console.error(result.phase, result.error);
 * ```
 */
export function isFailed<A>(result: ActorResult<A>): result is FailedResult<A> {
  return result.status === "failed";
}

/**
 * True when `kill()` ended the actor.
 *
 * @param result - an actor's result
 * @example
 * ```ts
 * ref.kill();
 * wasKilled(await done); // true
 * ```
 */
export function wasKilled<A>(result: ActorResult<A>): boolean {
  return result.killed;
}

/**
 * True when the actor completed and was not killed: a graceful stop.
 *
 * @param result - an actor's result
 * @example
 * ```ts
 * await ref.stop();
 * stoppedNormally(await done); // true
 * ```
 */
export function stoppedNormally<A>(result: ActorResult<A>): result is CompletedResult<A> {
  return result.status === "completed" && !result.killed;
}
