/**
 * `ActorError`: the one error the runtime hands back to callers, always inside a
 * `typescript-result` `Result` and never thrown. Its `kind` says what went wrong, `identity`
 * names the target actor, and `cause` carries the handler's own error where there is one.
 */
import type { Identity } from "../ref/identity.ts";

/**
 * Why a send or a request did not get through.
 *
 * - `"stopped"`: the actor is stopping or has ended (or ended before answering).
 * - `"mailbox-full"`: `tryTell` found no room.
 * - `"timeout"`: `opts.timeout` passed first.
 * - `"aborted"`: the caller's `opts.signal` fired.
 * - `"handler-failed"`: the handler threw or rejected (or a `deferred` reply rejected); see `cause`.
 * - `"unknown-message"`: no public handler has that name.
 * - `"priority-disabled"`: a priority send to an actor spawned without `priority`.
 * - `"deadlock"`: the ask would wait for ever (an actor asking itself, or a cycle in debug mode).
 */
export type ActorErrorKind =
  | "stopped"
  | "mailbox-full"
  | "timeout"
  | "aborted"
  | "handler-failed"
  | "unknown-message"
  | "priority-disabled"
  | "deadlock";

const describe: Readonly<Record<ActorErrorKind, string>> = {
  stopped: "the actor is stopped or stopping",
  "mailbox-full": "the mailbox is full",
  timeout: "the operation timed out",
  aborted: "the operation was aborted by its signal",
  "handler-failed": "the handler failed",
  "unknown-message": "no handler with that name",
  "priority-disabled": "the actor was spawned without a priority channel",
  deadlock: "the request would deadlock",
};

/** Options for {@link ActorError}. */
export interface ActorErrorOptions {
  /** The underlying error (the handler's throw, the signal's reason). */
  readonly cause?: unknown;
  /** Extra detail appended to the message, such as the message name. */
  readonly detail?: string;
}

/**
 * An error returned (never thrown) by `ActorRef` operations.
 *
 * @example
 * ```ts
 * const reply = await counter.ask("increment", 1);
 * if (!reply.ok && reply.error.kind === "handler-failed") {
 *   console.error(`${reply.error.identity} crashed`, reply.error.cause);
 * }
 * ```
 */
export class ActorError extends Error {
  override readonly name = "ActorError" as const;
  /** What went wrong. */
  readonly kind: ActorErrorKind;
  /** The actor the operation was aimed at. */
  readonly identity: Identity;

  /**
   * @param kind - what went wrong
   * @param identity - the target actor
   * @param options - `cause` and an optional `detail` for the message
   */
  constructor(kind: ActorErrorKind, identity: Identity, options?: ActorErrorOptions) {
    const detail = options?.detail === undefined ? "" : ` (${options.detail})`;
    const message = `${String(identity)}: ${describe[kind]}${detail}`;
    super(message, options !== undefined && "cause" in options ? { cause: options.cause } : {});
    this.kind = kind;
    this.identity = identity;
  }
}

/**
 * Type guard for {@link ActorError}, optionally of one `kind`. Matches on `name` too, so errors
 * from another copy of the package are recognised.
 *
 * @param value - anything
 * @param kind - when given, only errors of this kind match
 * @example
 * ```ts
 * const sent = await ref.tell("work", job, { timeout: 100 });
 * if (!sent.ok && isActorError(sent.error, "timeout")) retryLater(job);
 * ```
 */
export function isActorError(value: unknown, kind?: ActorErrorKind): value is ActorError {
  if (!(value instanceof ActorError)) {
    if (!(value instanceof Error) || value.name !== "ActorError" || !("kind" in value)) {
      return false;
    }
  }
  return kind === undefined || (value as ActorError).kind === kind;
}
