/**
 * Builds the frozen `ActorResult` an actor ends with, from its final state and the failure (if
 * any) recorded on the way.
 */
import type { ActorResult, Unprocessed } from "../result/actor-result.ts";
import type { CellExtras } from "./extras.ts";

const NONE: Unprocessed = Object.freeze([]);

/**
 * The result of an actor that has just ended.
 *
 * @internal
 * @param actor - the actor instance
 * @param extras - its recorded failure, stop error and unprocessed messages
 * @param killed - whether `kill()` ended it
 * @example
 * ```ts
 * const result = buildResult(actor, extras, false);
 * ```
 */
export function buildResult<A>(actor: A, extras: CellExtras<A>, killed: boolean): ActorResult<A> {
  const unprocessed = extras.unprocessed ?? NONE;
  const failure = extras.failure;
  if (failure === undefined) {
    if (extras.hasStopError) {
      return Object.freeze({
        status: "failed",
        actor,
        error: extras.stopError,
        phase: "onStop" as const,
        killed,
        unprocessed,
      });
    }
    return Object.freeze({ status: "completed", actor, killed, unprocessed });
  }
  return Object.freeze({
    status: "failed",
    actor: extras.actorLost ? undefined : actor,
    error: failure.error,
    phase: failure.phase,
    killed,
    ...(extras.hasStopError ? { stopError: extras.stopError } : {}),
    unprocessed,
  });
}
