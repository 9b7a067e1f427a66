/**
 * The mailbox's view of a sender waiting for room (backpressure): the message it wants to queue
 * and two callbacks. The runtime implements it for tells and asks; the mailbox only admits
 * waiters in order when a slot frees, or hands them back to be refused.
 */

/**
 * A send waiting for mailbox space.
 *
 * @internal
 */
export interface Waiter<E, R> {
  /** The handler entry of the message. */
  readonly entry: E;
  /** Its payload. */
  readonly payload: unknown;
  /** Its reply slot (`undefined` for a tell). */
  readonly reply: R | undefined;
  /** Whether it goes to the priority channel. */
  readonly priority: boolean;
  /** True while queued as a waiter. */
  waiting: boolean;
  /** Called when the message has been queued. */
  admit(): void;
}
