/**
 * Shared, allocation-free outcomes for the hot path: one frozen `ok` result and the
 * already-resolved promises that `tell` and `stop` return when nothing has to wait, plus the
 * helper that builds an `ActorError` result.
 */
import { Result } from "typescript-result";
import { ActorError, type ActorErrorKind, type ActorErrorOptions } from "../errors/actor-error.ts";
import type { Identity } from "../ref/identity.ts";

/**
 * The one `ok` result every successful `tell`/`tryTell` returns.
 *
 * @internal
 * @example
 * ```ts
 * return OK;
 * ```
 */
export const OK: Result.Ok<void> = Result.ok();
Object.freeze(OK);

/**
 * An already-resolved promise of {@link OK}: what `tell` returns when the mailbox had room.
 *
 * @internal
 * @example
 * ```ts
 * if (mailbox.offer(...)) return OK_PROMISE;
 * ```
 */
export const OK_PROMISE: Promise<Result<void, ActorError>> = Promise.resolve(OK);

/**
 * An already-resolved `Promise<void>`.
 *
 * @internal
 * @example
 * ```ts
 * return DONE;
 * ```
 */
export const DONE: Promise<void> = Promise.resolve();

/**
 * A failed result carrying a new {@link ActorError}.
 *
 * @internal
 * @param kind - the error kind
 * @param identity - the target actor
 * @param options - cause and detail
 * @example
 * ```ts
 * return failure("stopped", identity);
 * ```
 */
export function failure(
  kind: ActorErrorKind,
  identity: Identity,
  options?: ActorErrorOptions,
): Result<never, ActorError> {
  return Result.error(new ActorError(kind, identity, options));
}
