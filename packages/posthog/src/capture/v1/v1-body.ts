/**
 * The body of a V1 capture request (`POST /i/v1/analytics/events`): `{ created_at, batch }`
 * plus `historical_migration: true` when set; no `api_key` or `token` (the key travels in
 * `Authorization`) and no `sent_at` (replaced by the `PostHog-Request-Timestamp` header).
 * Each event is the classic wire event reshaped: `event`, `uuid`, `distinct_id` and
 * `timestamp` at the root, `session_id`/`window_id` lifted from `$session_id`/`$window_id`,
 * the option sentinels moved into `options`, and `$lib`/`$lib_version` left out (the
 * server reads the library from `PostHog-Sdk-Info`).
 */

import type { WireEvent } from "../types.ts";
import { liftEventOptions, type V1EventOptions } from "./event-options.ts";

/** One event of a V1 batch. */
export interface V1Event {
  readonly event: string;
  readonly uuid: string;
  readonly distinct_id: string;
  /** RFC 3339, UTC. */
  readonly timestamp: string;
  readonly session_id?: string;
  readonly window_id?: string;
  readonly options: V1EventOptions;
  readonly properties: Record<string, unknown>;
}

/** A V1 request body. */
export interface V1Body {
  /** When the batch was made (RFC 3339, UTC); the same on every attempt. */
  readonly created_at: string;
  readonly historical_migration?: true;
  readonly batch: readonly V1Event[];
}

/** Properties the server fills in from the request itself. */
const SERVER_OWNED = ["$lib", "$lib_version"];

/**
 * The V1 form of a wire event.
 *
 * @param wire - The event as the `/batch/` route would send it.
 * @example
 * ```ts
 * toV1Event(wire).options; // { process_person_profile: false } when the event had `$process_person_profile: false`
 * ```
 */
export function toV1Event(wire: WireEvent): V1Event {
  const { options, properties } = liftEventOptions(wire.properties);
  for (const key of SERVER_OWNED) delete properties[key];
  const ids: { session_id?: string; window_id?: string } = {};
  for (const [property, field] of [
    ["$session_id", "session_id"],
    ["$window_id", "window_id"],
  ] as const) {
    const value = properties[property];
    if (value === undefined) continue;
    delete properties[property];
    if (typeof value === "string") ids[field] = value;
  }
  return {
    event: wire.event,
    uuid: wire.uuid,
    distinct_id: wire.distinct_id,
    timestamp: wire.timestamp,
    ...ids,
    options,
    properties,
  };
}

/**
 * The body of one V1 request.
 *
 * @param events - The events still to send (after a partial answer, only those to retry).
 * @param createdAt - When the batch was made; keep it for every attempt of the batch.
 * @param historicalMigration - Mark the batch as a historical import.
 * @example
 * ```ts
 * JSON.stringify(buildV1Body(events.map(toV1Event), new Date().toISOString(), false));
 * ```
 */
export function buildV1Body(
  events: readonly V1Event[],
  createdAt: string,
  historicalMigration: boolean,
): V1Body {
  return historicalMigration
    ? { created_at: createdAt, historical_migration: true, batch: events }
    : { created_at: createdAt, batch: events };
}
