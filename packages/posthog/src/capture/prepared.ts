/**
 * Events already checked and sized by `createPostHog`'s facade on their way to the actor:
 * the facade validates synchronously (so that `capture` can answer with a `Result`), and
 * records here the wire form and size it computed, keyed by the event object it hands over.
 * The actor takes it back instead of serialising the same event a second time. Events that
 * arrive any other way (a plain `tell`) are not here and are checked in full.
 */
import type { CaptureEvent } from "./types.ts";
import type { SizedWireEvent } from "./wire.ts";

const prepared = new WeakMap<CaptureEvent, SizedWireEvent>();

/**
 * Records the checked wire form of an event about to be handed to the actor.
 *
 * @param event - The normalised event object that is sent as the message payload.
 * @param sized - Its wire form and size.
 */
export function markPrepared(event: CaptureEvent, sized: SizedWireEvent): void {
  prepared.set(event, sized);
}

/**
 * Takes back the checked wire form of an event, if the facade recorded one.
 *
 * @param event - The message payload.
 * @returns The wire form and size, once (the record is removed).
 */
export function takePrepared(event: unknown): SizedWireEvent | undefined {
  if (typeof event !== "object" || event === null) return undefined;
  const sized = prepared.get(event as CaptureEvent);
  if (sized !== undefined) prepared.delete(event as CaptureEvent);
  return sized;
}
