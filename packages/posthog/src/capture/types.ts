/**
 * The shapes of the capture path: what callers hand to `capture`, `identify`, `alias` and
 * `groupIdentify` (the argument shapes of posthog-node, so that moving over is a change of
 * import), the normalised {@link CaptureEvent} whose `uuid` and `timestamp` are fixed, and
 * the {@link WireEvent} that goes into a `/batch/` request body.
 */

import type { EventOptions } from "./v1/event-options.ts";

/** Event properties: any JSON-serialisable values, sent to PostHog unchanged. */
export type Properties = Record<string, unknown>;

/** Group memberships of an event: group type → group key (sent as `$groups`). */
export type Groups = Record<string, string | number>;

/**
 * An event to capture, as posthog-node's `capture` takes it.
 *
 * @example
 * ```ts
 * const input: CaptureInput = { distinctId: "u1", event: "signed_up", properties: { plan: "pro" } };
 * ```
 */
export interface CaptureInput {
  /** Who did it: a non-empty string of at most 200 characters. */
  readonly distinctId: string;
  /** What happened: a non-empty string of at most 200 characters. */
  readonly event: string;
  /** JSON-serialisable properties, sent unchanged. */
  readonly properties?: Properties | undefined;
  /** Group memberships, sent as the `$groups` property. */
  readonly groups?: Groups | undefined;
  /** When it happened (a `Date`, an ISO 8601 string with any offset, or Unix ms); now when omitted. */
  readonly timestamp?: Date | string | number | undefined;
  /** The event's id (any UUID); a new UUID v7 when omitted. PostHog de-duplicates on it. */
  readonly uuid?: string | undefined;
  /** Ask PostHog not to resolve a location from the sender's IP for this event. */
  readonly disableGeoip?: boolean | undefined;
  /**
   * PostHog's per-event options (`cookielessMode`, `disableSkewCorrection`,
   * `processPersonProfile`, `productTourId`): the V1 route sends them as the event's
   * `options`, the `/batch/` route as PostHog's `$`-prefixed properties.
   */
  readonly options?: EventOptions | undefined;
  /**
   * Evaluated feature flags to attach (the snapshot of `evaluateFlags`): adds
   * `$feature/<key>` for each flag and `$active_feature_flags`; the event's own properties win.
   */
  readonly flags?: FlagsSnapshot | undefined;
  /** `"ai"`: an LLM analytics event, sent to `/i/v0/ai/batch/` (what `captureAi` sets). */
  readonly route?: CaptureRoute | undefined;
}

/** The route of an event other than the main capture path: `"ai"` for `/i/v0/ai/batch/`. */
export type CaptureRoute = "ai";

/** What `capture({ flags })` needs of a flags snapshot (`FeatureFlagEvaluations` is one). */
export interface FlagsSnapshot {
  /** The properties to add: `$feature/<key>` and `$active_feature_flags`. */
  eventProperties(): Properties;
}

/** Person properties for `identify`: `$set`/`$set_once`, or plain properties meaning `$set`. */
export type IdentifyProperties = Properties & {
  readonly $set?: Properties | undefined;
  readonly $set_once?: Properties | undefined;
  readonly $anon_distinct_id?: string | undefined;
};

/** An `identify` call: sends `$identify` with `$set`/`$set_once`. */
export interface IdentifyInput {
  readonly distinctId: string;
  /** `$set`, `$set_once` and `$anon_distinct_id`; any other key is treated as `$set` when `$set` is absent. */
  readonly properties?: IdentifyProperties | undefined;
  readonly timestamp?: Date | string | number | undefined;
  readonly uuid?: string | undefined;
  readonly disableGeoip?: boolean | undefined;
}

/** An `alias` call: sends `$create_alias`, linking `alias` to `distinctId`. */
export interface AliasInput {
  readonly distinctId: string;
  /** The other distinct id that is the same person. */
  readonly alias: string;
  readonly timestamp?: Date | string | number | undefined;
  readonly uuid?: string | undefined;
  readonly disableGeoip?: boolean | undefined;
}

/** A `groupIdentify` call: sends `$groupidentify` with the group's properties as `$group_set`. */
export interface GroupIdentifyInput {
  /** The group type (`"company"`, `"organization"`…). */
  readonly groupType: string;
  /** The group's key within its type. */
  readonly groupKey: string | number;
  readonly properties?: Properties | undefined;
  /** The person to attribute the event to; `$<groupType>_<groupKey>` when omitted. */
  readonly distinctId?: string | undefined;
  readonly timestamp?: Date | string | number | undefined;
  readonly uuid?: string | undefined;
  readonly disableGeoip?: boolean | undefined;
}

/**
 * A validated event in the shape `capture` accepts, with its `uuid` and `timestamp` fixed:
 * what `undelivered()` hands back, so that a new actor sends it with the same id and time.
 */
export interface CaptureEvent {
  readonly distinctId: string;
  readonly event: string;
  readonly properties?: Properties | undefined;
  readonly groups?: Groups | undefined;
  /** ISO 8601, UTC. */
  readonly timestamp: string;
  readonly uuid: string;
  readonly disableGeoip?: boolean | undefined;
  /** `"ai"` for an event of the AI route, so that it goes back there when captured again. */
  readonly route?: CaptureRoute | undefined;
}

/** One event as it goes into a `/batch/` body (a type alias, so it fits any JSON record type). */
export type WireEvent = {
  readonly uuid: string;
  readonly event: string;
  readonly distinct_id: string;
  readonly properties: Properties;
  readonly timestamp: string;
  readonly type: "capture";
};
