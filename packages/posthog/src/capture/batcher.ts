/**
 * Cuts the next batch off the head of the queue: as many events as fit in both
 * `maxBatchSize` events and `maxBatchBytes` bytes of JSON (a comma per event counted), and
 * always at least one, so that an event larger than the byte budget still goes out alone
 * and gets PostHog's own verdict.
 */
import type { EventQueue } from "./event-queue.ts";
import { type Batch, makeBatch, type PendingEvent } from "./pending.ts";

/** The bounds of one batch. */
export interface BatchLimits {
  /** At most this many events. */
  readonly maxEvents: number;
  /** At most this many bytes of event JSON. */
  readonly maxBytes: number;
}

/** The default bounds: 1000 events, 5 MiB. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxEvents: 1000, maxBytes: 5 * 1024 * 1024 };

/**
 * Takes the next batch from the queue, or `undefined` when it is empty.
 *
 * @param queue - The queue to cut from (its head is removed).
 * @param limits - The bounds of the batch.
 * @example
 * ```ts
 * const batch = cutBatch(queue, { maxEvents: 1000, maxBytes: 5 * 1024 * 1024 });
 * ```
 */
export function cutBatch(queue: EventQueue, limits: BatchLimits): Batch | undefined {
  const events: PendingEvent[] = [];
  let bytes = 0;
  for (let next = queue.peek(); next !== undefined; next = queue.peek()) {
    if (events.length >= limits.maxEvents) break;
    if (events.length > 0 && bytes + next.bytes + 1 > limits.maxBytes) break;
    queue.shift();
    events.push(next);
    bytes += next.bytes + 1;
  }
  return events.length === 0 ? undefined : makeBatch(events);
}
