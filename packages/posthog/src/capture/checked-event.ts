/**
 * The one class every validated event is made of: `prepareCapture` builds a
 * {@link CheckedEvent} only once every field has been checked, so the actor can tell an
 * event that `createPostHog`'s facade (or an earlier actor, through `undelivered()`)
 * already checked from a plain object that came with a `tell`, and skip a second walk over
 * its properties. It carries the fields of a {@link CaptureEvent} and nothing else: a
 * spread, `JSON.stringify` or `toEqual` sees the same event as the plain object.
 */
import type { CaptureEvent, CaptureRoute, Groups, Properties } from "./types.ts";

/** A validated event whose `uuid` and `timestamp` are fixed. */
export class CheckedEvent implements CaptureEvent {
  readonly distinctId: string;
  readonly event: string;
  readonly timestamp: string;
  readonly uuid: string;
  declare readonly properties?: Properties | undefined;
  declare readonly groups?: Groups | undefined;
  declare readonly disableGeoip?: boolean | undefined;
  declare readonly route?: CaptureRoute | undefined;

  /**
   * Takes the checked fields one by one (no options object to allocate on the capture
   * path); the optional ones are set only when defined, as in the plain object.
   *
   * @param distinctId - Who did it.
   * @param event - What happened.
   * @param timestamp - ISO 8601, UTC.
   * @param uuid - The event's id.
   * @param properties - Its properties.
   * @param groups - Its groups.
   * @param disableGeoip - Its own `disableGeoip`.
   * @param route - `"ai"` for the AI route.
   */
  constructor(
    distinctId: string,
    event: string,
    timestamp: string,
    uuid: string,
    properties: Properties | undefined,
    groups: Groups | undefined,
    disableGeoip: boolean | undefined,
    route: CaptureRoute | undefined,
  ) {
    this.distinctId = distinctId;
    this.event = event;
    this.timestamp = timestamp;
    this.uuid = uuid;
    if (properties !== undefined) this.properties = properties;
    if (groups !== undefined) this.groups = groups;
    if (disableGeoip !== undefined) this.disableGeoip = disableGeoip;
    if (route !== undefined) this.route = route;
  }
}

/**
 * Whether a message payload is an event that `prepareCapture` checked.
 *
 * @param value - The payload.
 */
export function isCheckedEvent(value: unknown): value is CheckedEvent {
  return value instanceof CheckedEvent;
}
