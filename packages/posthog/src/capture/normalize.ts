/**
 * Turns what callers hand to the capture path into a {@link CaptureEvent}: checks every
 * field (with a typed `"invalid-event"` error naming it) and PostHog's ~1 MB limit per
 * event (an upper bound taken in the same walk; only an event near the limit is
 * serialised), fixes the `uuid` (UUID v7 unless one is given) and the `timestamp` (ISO 8601
 * in UTC, the instant kept whatever offset it came with; a burst formats each millisecond
 * once), merges the per-event `options` (as PostHog's sentinel properties) and a flags
 * snapshot's `$feature/<key>` properties into the event's properties, and maps `identify`,
 * `alias` and `groupIdentify` onto the `$identify`, `$create_alias` and `$groupidentify`
 * events PostHog expects. The result is a `CheckedEvent`, which the actor trusts without a
 * second walk. This is the caller's side of `capture`, so it allocates little: no JSON, no
 * options objects. Nothing here throws: a malformed input from plain JavaScript is an
 * error value like any other.
 */
import { Result } from "typescript-result";
import { PostHogError } from "../errors/posthog-error.ts";
import { CheckedEvent } from "./checked-event.ts";
import { checkJson, jsonStringBound } from "./json-check.ts";
import type {
  AliasInput,
  CaptureEvent,
  CaptureInput,
  GroupIdentifyInput,
  Groups,
  IdentifyInput,
  Properties,
} from "./types.ts";
import { UUID_PATTERN, uuidv7 } from "./uuid.ts";
import { type EventOptions, eventOptionsToProperties } from "./v1/event-options.ts";
import { MAX_EVENT_BYTES, sizeWireEvent, toWire } from "./wire.ts";

/** The longest `distinctId` or `event` name accepted, in characters. */
export const MAX_NAME_LENGTH = 200;

type Invalid = PostHogError<"invalid-event">;

function invalid(field: string, message: string): Result.Error<Invalid> {
  return Result.error(
    new PostHogError("invalid-event", { field }, { message: `Invalid event: ${message}` }),
  );
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkName(value: unknown, field: string): Result.Error<Invalid> | undefined {
  if (typeof value !== "string") {
    return invalid(field, `\`${field}\` must be a string, got ${describe(value)}`);
  }
  if (value.trim().length === 0) return invalid(field, `\`${field}\` must not be empty`);
  if (value.length > MAX_NAME_LENGTH) {
    return invalid(
      field,
      `\`${field}\` must be at most ${MAX_NAME_LENGTH} characters, got ${value.length}`,
    );
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value.slice(0, 50)) : typeof value;
}

/**
 * Normalises a timestamp to ISO 8601 in UTC.
 *
 * @param value - A `Date`, a date string with any offset, or Unix milliseconds.
 * @returns The ISO string, or `undefined` when the value is not a valid instant.
 * @example
 * ```ts
 * toIsoTimestamp("2024-05-01T12:00:00+02:00"); // "2024-05-01T10:00:00.000Z"
 * ```
 */
export function toIsoTimestamp(value: Date | string | number): string | undefined {
  const date =
    value instanceof Date
      ? value
      : typeof value === "string" || typeof value === "number"
        ? new Date(value)
        : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) return undefined;
  return date.toISOString();
}

/** How {@link prepareCapture} treats an event beyond checking it. */
export interface PrepareSettings {
  /** The actor-wide `disableGeoip` option: it adds `$geoip_disable` to the event's JSON. @defaultValue `false` */
  readonly disableGeoip?: boolean | undefined;
  /**
   * Keep a shallow copy of the properties rather than the caller's object: the facade's
   * `capture` returns before the actor reads the event, and a caller that changes its
   * object afterwards must not change the event it captured. @defaultValue `false`
   */
  readonly copyProperties?: boolean | undefined;
}

/** The ISO string of the last millisecond stamped, so that a burst formats each millisecond once. */
let stampedMs = Number.NaN;
let stampedIso = "";

/**
 * The current time as PostHog's timestamp, ISO 8601 in UTC.
 *
 * @param now - Unix milliseconds.
 */
function isoAt(now: number): string {
  if (now !== stampedMs) {
    stampedIso = new Date(now).toISOString();
    stampedMs = now;
  }
  return stampedIso;
}

/**
 * Bytes of an event's JSON besides its properties and groups: the field names, the uuid,
 * the timestamp and `type`, and the `$lib`, `$lib_version` and `$geoip_disable` properties,
 * with room to spare.
 */
const WIRE_OVERHEAD_BYTES = 512;

/**
 * Validates an event and fixes its `uuid` and `timestamp`, and refuses one over PostHog's
 * per-event limit: an upper bound on its size, taken in the same walk that checks its
 * properties, decides, and only an event whose bound exceeds the limit is serialised to
 * learn its exact size.
 *
 * @param input - What the caller handed over (checked field by field, whatever its type).
 * @param now - The current time, used when the event has no timestamp.
 * @param settings - The actor-wide `disableGeoip` (it adds a property to measure), and
 * whether to keep a copy of the top-level properties (see {@link PrepareSettings}).
 * @returns The normalised event (a {@link CheckedEvent}), or an `"invalid-event"` error
 * naming the field at fault.
 * @example
 * ```ts
 * const result = prepareCapture({ distinctId: "u1", event: "signed_up" });
 * if (result.ok) result.value.uuid; // a UUID v7
 * ```
 */
export function prepareCapture(
  input: CaptureInput,
  now: number = Date.now(),
  settings: PrepareSettings = {},
): Result<CaptureEvent, Invalid> {
  if (!isPlainRecord(input)) return invalid("event", `expected an object, got ${describe(input)}`);
  const bad = checkName(input.distinctId, "distinctId") ?? checkName(input.event, "event");
  if (bad) return bad;

  const { properties, groups, timestamp, uuid } = input;
  let bound = WIRE_OVERHEAD_BYTES + 6 * (input.distinctId.length + input.event.length);
  if (properties !== undefined) {
    if (!isPlainRecord(properties)) {
      return invalid("properties", `\`properties\` must be an object, got ${describe(properties)}`);
    }
    const checked = checkJson(properties, "properties");
    if (typeof checked !== "number") {
      return invalid(checked.path, `\`${checked.path}\` ${checked.problem}`);
    }
    bound += checked;
  }
  if (groups !== undefined) {
    if (!isPlainRecord(groups)) {
      return invalid("groups", `\`groups\` must be an object, got ${describe(groups)}`);
    }
    for (const type in groups) {
      if (!Object.hasOwn(groups, type)) continue;
      const key = groups[type];
      if (typeof key === "string") bound += jsonStringBound(key);
      else if (typeof key === "number") bound += 24;
      else {
        return invalid(
          `groups.${type}`,
          `\`groups.${type}\` must be a string or a number, got ${describe(key)}`,
        );
      }
      bound += jsonStringBound(type) + 2;
    }
  }
  let fixedTimestamp: string;
  if (timestamp === undefined) {
    fixedTimestamp = isoAt(now);
  } else {
    const iso = toIsoTimestamp(timestamp);
    if (iso === undefined) {
      return invalid("timestamp", `\`timestamp\` is not a valid date: ${describe(timestamp)}`);
    }
    fixedTimestamp = iso;
  }
  if (uuid !== undefined && (typeof uuid !== "string" || !UUID_PATTERN.test(uuid))) {
    return invalid("uuid", `\`uuid\` must be a UUID, got ${describe(uuid)}`);
  }
  const eventGeoip = input.disableGeoip;
  if (eventGeoip !== undefined && typeof eventGeoip !== "boolean") {
    return invalid("disableGeoip", `\`disableGeoip\` must be a boolean`);
  }
  const { route } = input;
  if (route !== undefined && route !== "ai") {
    return invalid("route", `\`route\` must be "ai" when given, got ${describe(route)}`);
  }
  let merged =
    properties !== undefined && settings.copyProperties === true ? { ...properties } : properties;
  if (input.options !== undefined || input.flags !== undefined) {
    const sentinels = optionProperties(input.options);
    if (!sentinels.ok) return sentinels;
    const flagged = flagProperties(input.flags);
    if (!flagged.ok) return flagged;
    if (flagged.value !== undefined || sentinels.value !== undefined) {
      merged = { ...flagged.value, ...properties, ...sentinels.value };
      bound = Number.POSITIVE_INFINITY; // flag properties are not walked: measure exactly
    }
  }

  const event = new CheckedEvent(
    input.distinctId,
    input.event,
    fixedTimestamp,
    uuid === undefined ? uuidv7(now) : uuid.toLowerCase(),
    merged,
    groups as Groups | undefined,
    eventGeoip,
    route,
  );
  if (bound > MAX_EVENT_BYTES) {
    const sized = sizeWireEvent(toWire(event, settings.disableGeoip === true));
    if (!sized.ok) return sized;
  }
  return Result.ok(event);
}

const OPTION_TYPES: Readonly<Record<keyof EventOptions, "boolean" | "string">> = {
  cookielessMode: "boolean",
  disableSkewCorrection: "boolean",
  processPersonProfile: "boolean",
  productTourId: "string",
};

/** The sentinel properties of the per-event options, checked; `undefined` when none is set. */
function optionProperties(
  options: unknown,
): Result<Record<string, boolean | string> | undefined, Invalid> {
  if (options === undefined) return Result.ok(undefined);
  if (!isPlainRecord(options)) {
    return invalid("options", `\`options\` must be an object, got ${describe(options)}`);
  }
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const type = OPTION_TYPES[key as keyof EventOptions];
    if (type === undefined) {
      const known = Object.keys(OPTION_TYPES).join(", ");
      return invalid(`options.${key}`, `\`options.${key}\` is not an event option (${known})`);
    }
    if (typeof value !== type) {
      return invalid(
        `options.${key}`,
        `\`options.${key}\` must be a ${type}, got ${describe(value)}`,
      );
    }
  }
  const properties = eventOptionsToProperties(options as EventOptions);
  return Result.ok(Object.keys(properties).length === 0 ? undefined : properties);
}

/** The `$feature/<key>` and `$active_feature_flags` properties of a flags snapshot. */
function flagProperties(flags: unknown): Result<Properties | undefined, Invalid> {
  if (flags === undefined) return Result.ok(undefined);
  const read =
    typeof flags === "object" && flags !== null
      ? (flags as { eventProperties?: unknown }).eventProperties
      : undefined;
  if (typeof read !== "function") {
    return invalid("flags", "`flags` must be the snapshot `evaluateFlags` returns");
  }
  let properties: unknown;
  try {
    properties = read.call(flags);
  } catch (cause) {
    return Result.error(
      new PostHogError(
        "invalid-event",
        { field: "flags" },
        { message: "Invalid event: reading `flags` threw", cause },
      ),
    );
  }
  if (!isPlainRecord(properties)) {
    return invalid("flags", "`flags.eventProperties()` must return an object");
  }
  return Result.ok(properties);
}

/**
 * Maps an `identify` call onto the `$identify` event: `$set` (or, without it, every other
 * property), `$set_once`, and `$anon_distinct_id` when given.
 *
 * @param input - The identify call.
 * @example
 * ```ts
 * identifyToCapture({ distinctId: "u1", properties: { email: "a@b.c" } });
 * // { distinctId: "u1", event: "$identify", properties: { $set: { email: "a@b.c" }, $set_once: {} } }
 * ```
 */
export function identifyToCapture(input: IdentifyInput): Result<CaptureInput, Invalid> {
  if (!isPlainRecord(input)) return invalid("event", `expected an object, got ${describe(input)}`);
  const raw: unknown = input.properties ?? {};
  if (!isPlainRecord(raw)) {
    return invalid("properties", `\`properties\` must be an object, got ${describe(raw)}`);
  }
  const { $set, $set_once, $anon_distinct_id, ...rest } = raw;
  const properties: Properties = { $set: $set ?? rest, $set_once: $set_once ?? {} };
  if ($anon_distinct_id !== undefined) properties.$anon_distinct_id = $anon_distinct_id;
  return Result.ok(
    withCommon(input, { distinctId: input.distinctId, event: "$identify", properties }),
  );
}

/**
 * Maps an `alias` call onto the `$create_alias` event.
 *
 * @param input - The alias call.
 */
export function aliasToCapture(input: AliasInput): Result<CaptureInput, Invalid> {
  if (!isPlainRecord(input)) return invalid("event", `expected an object, got ${describe(input)}`);
  const bad = checkName(input.alias, "alias");
  if (bad) return bad;
  return Result.ok(
    withCommon(input, {
      distinctId: input.distinctId,
      event: "$create_alias",
      properties: { distinct_id: input.distinctId, alias: input.alias },
    }),
  );
}

/**
 * Maps a `groupIdentify` call onto the `$groupidentify` event, attributed to
 * `$<groupType>_<groupKey>` unless a `distinctId` is given.
 *
 * @param input - The group identify call.
 */
export function groupIdentifyToCapture(input: GroupIdentifyInput): Result<CaptureInput, Invalid> {
  if (!isPlainRecord(input)) return invalid("event", `expected an object, got ${describe(input)}`);
  const bad = checkName(input.groupType, "groupType");
  if (bad) return bad;
  const key: unknown = input.groupKey;
  if ((typeof key !== "string" || key.length === 0) && typeof key !== "number") {
    return invalid("groupKey", `\`groupKey\` must be a non-empty string or a number`);
  }
  return Result.ok(
    withCommon(input, {
      distinctId: input.distinctId ?? `$${input.groupType}_${key}`,
      event: "$groupidentify",
      properties: {
        $group_type: input.groupType,
        $group_key: key,
        $group_set: input.properties ?? {},
      },
    }),
  );
}

function withCommon(
  from: {
    readonly timestamp?: Date | string | number | undefined;
    readonly uuid?: string | undefined;
    readonly disableGeoip?: boolean | undefined;
  },
  to: { distinctId: string; event: string; properties: Properties },
): CaptureInput {
  const out: { -readonly [K in keyof CaptureInput]: CaptureInput[K] } = to;
  if (from.timestamp !== undefined) out.timestamp = from.timestamp;
  if (from.uuid !== undefined) out.uuid = from.uuid;
  if (from.disableGeoip !== undefined) out.disableGeoip = from.disableGeoip;
  return out;
}
