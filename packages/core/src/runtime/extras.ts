/**
 * The state only some actors need, kept out of the actor cell until first use so that an idle
 * actor stays small: its identity object, the `onRun` abort controller, failure details, the
 * join promise, the stop promise, a weak pointer to a live self ref, pending deferred replies and
 * the final result.
 */
import type { ActorRef } from "../ref/actor-ref.ts";
import type { Identity } from "../ref/identity.ts";
import type { ActorResult, FailurePhase, Unprocessed } from "../result/actor-result.ts";
import type { AskRecord } from "./reply.ts";

/**
 * Lazily created per-actor state.
 *
 * @internal
 */
export class CellExtras<A> {
  identity: Identity | undefined;
  controller: AbortController | undefined;
  /** `onRun` returned a promise that has not settled. */
  onRunPending = false;
  failure: { readonly phase: FailurePhase; readonly error: unknown } | undefined;
  hasStopError = false;
  stopError: unknown;
  /** `onStart` failed, so the result carries no actor. */
  actorLost = false;
  unprocessed: Unprocessed | undefined;
  result: ActorResult<A> | undefined;
  joinPromise: Promise<ActorResult<A>> | undefined;
  resolveJoin: ((result: ActorResult<A>) => void) | undefined;
  stopPromise: Promise<void> | undefined;
  selfRef: WeakRef<ActorRef<A>> | undefined;
  /** Asks answered by a `deferred` promise that has not settled yet. */
  deferreds: Set<AskRecord> | undefined;
  endedAt: number | undefined;
}
