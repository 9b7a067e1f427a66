/**
 * `ActorResult`: how an actor ended, as a value. A discriminated union on `status` that carries
 * the final actor state (after a successful `onStart`), whether it was killed, the failure phase
 * and error when it failed, and the messages it accepted but never handled.
 */

/**
 * A message the actor accepted but never handled (still queued when it was killed or crashed).
 * `kind` and `priority` say how it was sent, so that a supervisor can re-deliver tells with
 * their priority; asks among them were answered `"stopped"`.
 */
export interface UnprocessedMessage {
  /** The handler name. */
  readonly name: string;
  /** The payload as sent. */
  readonly payload: unknown;
  /** `"tell"` (including `tryTell`) or `"ask"`. */
  readonly kind: "tell" | "ask";
  /** Whether it was sent on the priority channel. */
  readonly priority: boolean;
}

/**
 * Messages accepted but never handled, in the order they would have been handled (priority
 * channel first, then the regular mailbox).
 */
export type Unprocessed = ReadonlyArray<UnprocessedMessage>;

/** Where a failed actor failed. */
export type FailurePhase = "onStart" | "onRun" | "onMessage" | "onStop";

/**
 * An actor that ended without an error: stopped gracefully, killed, or stopped because every
 * strong ref was garbage-collected.
 */
export interface CompletedResult<A> {
  readonly status: "completed";
  /** The final actor state. */
  readonly actor: A;
  /** True when `kill()` ended it. */
  readonly killed: boolean;
  /** Accepted messages that were never handled (empty after a graceful stop). */
  readonly unprocessed: Unprocessed;
}

/** An actor that failed in one of its phases. */
export interface FailedResult<A> {
  readonly status: "failed";
  /** The final actor state; `undefined` when `onStart` failed. */
  readonly actor: A | undefined;
  /** What was thrown (or rejected with). */
  readonly error: unknown;
  /** Where it failed. */
  readonly phase: FailurePhase;
  /** True when `kill()` was the terminating signal. */
  readonly killed: boolean;
  /** Set when `onStop` also threw after an earlier failure. */
  readonly stopError?: unknown;
  /** Accepted messages that were never handled. */
  readonly unprocessed: Unprocessed;
}

/**
 * How an actor ended: what its `JoinHandle` resolves to, and what the `"stop"` event carries.
 *
 * @example
 * ```ts
 * const result = await done;
 * if (result.status === "failed") console.error(result.phase, result.error);
 * else console.log("final count", result.actor.count);
 * ```
 */
export type ActorResult<A> = CompletedResult<A> | FailedResult<A>;
