/**
 * The one class every validated event is made of: `prepareCapture` builds a
 * {@link CheckedEvent} only once every field has been checked, so the actor can tell an
 * event that `createPostHog`'s facade (or an earlier actor, through `undelivered()`)
 * already checked from a plain object that came with a `tell`, and skip a second walk over
 * its properties. It carries the fields of a {@link CaptureEvent} and nothing else: a
 * spread, `JSON.stringify` or `toEqual` sees the same event as the plain object.
 */
import type { CaptureEvent, CaptureRoute, Groups, Properties } from "./types.ts";

/** The fields of a checked event, the optional ones left out when absent. */
export interface CheckedFields {
  readonly distinctId: string;
  readonly event: string;
  readonly timestamp: string;
  readonly uuid: string;
  readonly properties: Properties | undefined;
  readonly groups: Groups | undefined;
  readonly disableGeoip: boolean | undefined;
  readonly route: CaptureRoute | undefined;
}

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
   * @param fields - The checked fields; the optional ones are set only when defined.
   */
  constructor(fields: CheckedFields) {
    this.distinctId = fields.distinctId;
    this.event = fields.event;
    this.timestamp = fields.timestamp;
    this.uuid = fields.uuid;
    if (fields.properties !== undefined) this.properties = fields.properties;
    if (fields.groups !== undefined) this.groups = fields.groups;
    if (fields.disableGeoip !== undefined) this.disableGeoip = fields.disableGeoip;
    if (fields.route !== undefined) this.route = fields.route;
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
