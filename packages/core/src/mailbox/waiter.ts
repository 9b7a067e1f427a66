/**
 * The mailbox's view of a sender waiting for room (backpressure): the record it wants to queue
 * and a callback. The runtime implements it for tells and asks; the mailbox only admits waiters
 * in order when a slot frees, or hands them back to be refused.
 */
import type { RecordHead } from "./ring.ts";

/**
 * A send waiting for mailbox space.
 *
 * @internal
 */
export interface Waiter<H extends RecordHead> {
  /** The first slot of the record to queue (the handler entry, or the ask record). */
  readonly head: H;
  /** Its payload (queued only when `head.hasPayload`). */
  readonly payload: unknown;
  /** Whether it goes to the priority channel. */
  readonly priority: boolean;
  /** True while queued as a waiter. */
  waiting: boolean;
  /** Called when the message has been queued. */
  admit(): void;
}
