/**
 * The exact size of an event's wire JSON (what `toWire` builds and `JSON.stringify` writes),
 * computed without building it: the properties are serialised on their own and the fixed
 * parts — the field names, the uuid, the timestamp, `$lib`, `$lib_version`, `$groups`,
 * `$geoip_disable` — are added by arithmetic. The actor sizes every event it accepts (the
 * byte bound and the batch cuts need it) and keeps no wire form: the wire is built when
 * the batch is sent. When the shortcut cannot be exact — properties that set one of the
 * library's own keys, or that serialise through a `toJSON` — the answer is `undefined`
 * and the caller measures the wire itself.
 */
import { LIB_NAME, LIB_VERSION } from "./library.ts";
import type { CaptureEvent } from "./types.ts";

/** The bytes of an event whose strings are all empty and whose properties are `{}`. */
const SKELETON_BYTES = Buffer.byteLength(
  JSON.stringify({
    uuid: "",
    event: "",
    distinct_id: "",
    properties: {},
    timestamp: "",
    type: "capture",
  }),
);

/** `"$lib":…,"$lib_version":…`: the properties every event gets. */
const LIB_BYTES = Buffer.byteLength(
  `${JSON.stringify("$lib")}:${JSON.stringify(LIB_NAME)},${JSON.stringify("$lib_version")}:${JSON.stringify(LIB_VERSION)}`,
);

/** `,"$groups":` before the groups' JSON. */
const GROUPS_KEY_BYTES = Buffer.byteLength(',"$groups":');

/** `,"$geoip_disable":true`. */
const GEOIP_BYTES = Buffer.byteLength(',"$geoip_disable":true');

/** Printable ASCII but `"` and `\`: such a string is its length plus its quotes in JSON. */
const PLAIN_ASCII = /^[ !#-[\]-~]*$/;

/**
 * The bytes of a string in JSON, quotes included.
 *
 * @param text - The string.
 */
function jsonStringBytes(text: string): number {
  return PLAIN_ASCII.test(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text));
}

/**
 * The exact UTF-8 size of `JSON.stringify(toWire(event, disableGeoip))`, or `undefined`
 * when it cannot be computed this way (then measure the wire itself).
 *
 * @param event - A normalised event.
 * @param disableGeoip - The actor-wide `disableGeoip` option; the event's own flag wins.
 * @example
 * ```ts
 * wireSize(event, false) === Buffer.byteLength(JSON.stringify(toWire(event, false))); // true
 * ```
 */
export function wireSize(event: CaptureEvent, disableGeoip: boolean): number | undefined {
  const { properties, groups } = event;
  let userBytes = 2;
  if (properties !== undefined) {
    if (
      typeof (properties as { toJSON?: unknown }).toJSON === "function" ||
      Object.hasOwn(properties, "$lib") ||
      Object.hasOwn(properties, "$lib_version") ||
      Object.hasOwn(properties, "$groups") ||
      Object.hasOwn(properties, "$geoip_disable")
    ) {
      return undefined;
    }
    try {
      userBytes = Buffer.byteLength(JSON.stringify(properties));
    } catch {
      return undefined;
    }
  }
  // `{user…,"$lib":…}`: the user's properties lose their `}` and gain a comma, or are `{}`.
  let propertyBytes = (userBytes === 2 ? 2 : userBytes + 1) + LIB_BYTES;
  if (groups !== undefined) {
    propertyBytes += GROUPS_KEY_BYTES + Buffer.byteLength(JSON.stringify(groups));
  }
  if (event.disableGeoip ?? disableGeoip) propertyBytes += GEOIP_BYTES;
  return (
    SKELETON_BYTES -
    10 + // the four empty strings and the empty properties of the skeleton
    jsonStringBytes(event.uuid) +
    jsonStringBytes(event.event) +
    jsonStringBytes(event.distinctId) +
    jsonStringBytes(event.timestamp) +
    propertyBytes
  );
}
