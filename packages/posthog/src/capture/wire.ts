/**
 * Builds the JSON an event travels as (`{ uuid, event, distinct_id, properties,
 * timestamp, type }`) when its batch is sent, and measures it where `wireSize`'s shortcut
 * cannot: the byte size decides batch cuts, the queue bound, and PostHog's ~1 MB limit per
 * event. `$lib`, `$lib_version`, `$groups` and
 * `$geoip_disable` are added to a copy of the properties; the caller's own properties are
 * sent unchanged.
 */
import { Result } from "typescript-result";
import { PostHogError } from "../errors/posthog-error.ts";
import { LIB_NAME, LIB_VERSION } from "./library.ts";
import type { CaptureEvent, Properties, WireEvent } from "./types.ts";

/** The largest event PostHog accepts, in bytes of JSON (its capture service's limit). */
export const MAX_EVENT_BYTES = 1024 * 1024;

/** An event ready to send, with its size in bytes of JSON. */
export interface SizedWireEvent {
  readonly wire: WireEvent;
  readonly bytes: number;
}

/**
 * The wire form of an event.
 *
 * @param event - A normalised event.
 * @param disableGeoip - The actor-wide `disableGeoip` option; the event's own flag wins.
 * @example
 * ```ts
 * toWire(event, false).properties.$lib; // "tsactor-posthog"
 * ```
 */
export function toWire(event: CaptureEvent, disableGeoip: boolean): WireEvent {
  const properties: Properties = {
    ...event.properties,
    $lib: LIB_NAME,
    $lib_version: LIB_VERSION,
  };
  if (event.groups !== undefined) properties.$groups = event.groups;
  if (event.disableGeoip ?? disableGeoip) properties.$geoip_disable = true;
  return {
    uuid: event.uuid,
    event: event.event,
    distinct_id: event.distinctId,
    properties,
    timestamp: event.timestamp,
    type: "capture",
  };
}

/**
 * Serialises a wire event once to learn its size, refusing one over {@link MAX_EVENT_BYTES}
 * or one whose JSON cannot be made (a `toJSON` that throws).
 *
 * @param wire - The event as it will be sent.
 * @param maxBytes - The limit per event.
 * @returns The event with its size, or an `"invalid-event"` error.
 */
export function sizeWireEvent(
  wire: WireEvent,
  maxBytes: number = MAX_EVENT_BYTES,
): Result<SizedWireEvent, PostHogError<"invalid-event">> {
  let json: string;
  try {
    json = JSON.stringify(wire);
  } catch (cause) {
    return Result.error(
      new PostHogError(
        "invalid-event",
        { field: "properties" },
        { message: "Invalid event: `properties` cannot be serialised as JSON", cause },
      ),
    );
  }
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > maxBytes) {
    return Result.error(
      new PostHogError(
        "invalid-event",
        { field: "properties" },
        {
          message: `Invalid event: it is ${bytes} bytes of JSON, over the ${maxBytes} bytes PostHog accepts per event`,
        },
      ),
    );
  }
  return Result.ok({ wire, bytes });
}
