/**
 * Dead letters: messages (or replies) that could not be delivered, reported as one object that
 * carries the message itself, as Akka's `DeadLetter` does, so that nothing an actor was sent
 * disappears without a trace.
 */
import type { Identity } from "../ref/identity.ts";

/**
 * Why a message became a dead letter.
 *
 * - `"stopped"`: sent to an actor that was stopping or had ended (or that stopped while the
 *   sender waited for room).
 * - `"timeout"`: the sender's timeout passed while it waited for mailbox room; never queued.
 * - `"reply-dropped"`: an `ask` was answered after its caller had given up (timeout, abort) or
 *   after the actor had ended; `payload` is the reply.
 * - `"discarded-at-shutdown"`: queued, then never handled (kill, crash, failed start).
 */
export type DeadLetterReason = "stopped" | "timeout" | "reply-dropped" | "discarded-at-shutdown";

/**
 * A message that was not delivered.
 *
 * @example
 * ```ts
 * actorEvents.on("dead-letter", (letter) => {
 *   log.warn(`${letter.identity} lost ${letter.name}: ${letter.reason}`, letter.payload);
 * });
 * ```
 */
export interface DeadLetter {
  /** The actor it was sent to. */
  readonly identity: Identity;
  /** The handler name. */
  readonly name: string;
  /** The payload (for `"reply-dropped"`, the reply). */
  readonly payload: unknown;
  /** Why it was not delivered. */
  readonly reason: DeadLetterReason;
}
