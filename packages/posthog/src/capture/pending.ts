/**
 * One event on its way to PostHog, and a batch of them. A {@link PendingEvent} keeps the
 * normalised event (what `undelivered()` hands back, and what the wire form is built from
 * when its batch is sent), the size of its wire form, its capture order (`seq`), and the
 * flush-bookkeeping mark (`mark`) that tells the flush tracker which `flush` calls have
 * already counted its outcome.
 */
import type { CaptureEvent } from "./types.ts";

/** An accepted event that is not delivered yet. */
export interface PendingEvent {
  /** Capture order, strictly increasing. */
  readonly seq: number;
  /** The event as `capture` accepts it, `uuid` and `timestamp` fixed. */
  readonly event: CaptureEvent;
  /** The size of its wire form in bytes of JSON. */
  readonly bytes: number;
  /** Flush bookkeeping: the id of the newest `flush` call that this event's outcome was counted for. */
  mark: number;
}

/** Events sent together in one request. */
export interface Batch {
  readonly events: PendingEvent[];
  /** Sum of the events' `bytes`. */
  bytes: number;
  /** When it was last parked (its attempts used up), per the pipeline's clock. */
  parkedAt?: number;
}

/**
 * Makes a batch of events.
 *
 * @param events - The events, in capture order.
 */
export function makeBatch(events: PendingEvent[]): Batch {
  let bytes = 0;
  for (const e of events) bytes += e.bytes;
  return { events, bytes };
}
