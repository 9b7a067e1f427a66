/**
 * The per-event options of PostHog's V1 capture protocol (`cookieless_mode`,
 * `disable_skew_correction`, `process_person_profile`, `product_tour_id`). On the classic
 * `/batch/` route they travel as `$`-prefixed sentinel properties (`$cookieless_mode`,
 * `$ignore_sent_at`, `$process_person_profile`, `$product_tour_id`); the V1 event carries
 * them in its own `options` object instead. This module maps between the two, with the
 * capture service's coercions (booleans from `"true"`/`"1"`/numbers, strings only as strings).
 */

/** The `options` object of a V1 event; an option that is not set is absent. */
export interface V1EventOptions {
  /** Process the event in cookieless mode. */
  readonly cookieless_mode?: boolean;
  /** Do not correct the event's timestamp for the sender's clock skew. */
  readonly disable_skew_correction?: boolean;
  /** Whether to create or update a person profile for the event. */
  readonly process_person_profile?: boolean;
  /** The product tour the event belongs to. */
  readonly product_tour_id?: string;
}

/**
 * Event options as a caller gives them (camelCase), for any capture mode.
 *
 * @example
 * ```ts
 * const options: EventOptions = { processPersonProfile: false };
 * ```
 */
export interface EventOptions {
  readonly cookielessMode?: boolean | undefined;
  readonly disableSkewCorrection?: boolean | undefined;
  readonly processPersonProfile?: boolean | undefined;
  readonly productTourId?: string | undefined;
}

type OptionKey = keyof V1EventOptions;

interface Sentinel {
  readonly property: string;
  readonly option: OptionKey;
  readonly input: keyof EventOptions;
  readonly kind: "boolean" | "string";
}

/** The sentinel properties and the V1 option each becomes. */
const SENTINELS: readonly Sentinel[] = [
  {
    property: "$cookieless_mode",
    option: "cookieless_mode",
    input: "cookielessMode",
    kind: "boolean",
  },
  {
    property: "$ignore_sent_at",
    option: "disable_skew_correction",
    input: "disableSkewCorrection",
    kind: "boolean",
  },
  {
    property: "$process_person_profile",
    option: "process_person_profile",
    input: "processPersonProfile",
    kind: "boolean",
  },
  {
    property: "$product_tour_id",
    option: "product_tour_id",
    input: "productTourId",
    kind: "string",
  },
];

/** The sentinel property names, which a V1 event does not keep in its properties. */
export const OPTION_SENTINEL_PROPERTIES: readonly string[] = SENTINELS.map((s) => s.property);

/**
 * The sentinel properties that carry the given options (the way the `/batch/` route and
 * `capture`'s properties express them).
 *
 * @param options - Options in camelCase; unset ones are skipped.
 * @example
 * ```ts
 * eventOptionsToProperties({ cookielessMode: true }); // { $cookieless_mode: true }
 * ```
 */
export function eventOptionsToProperties(options: EventOptions): Record<string, boolean | string> {
  const properties: Record<string, boolean | string> = {};
  for (const sentinel of SENTINELS) {
    const value = options[sentinel.input];
    if (typeof value === sentinel.kind) properties[sentinel.property] = value as boolean | string;
  }
  return properties;
}

/**
 * Splits event properties into the V1 `options` and the properties that remain: every
 * sentinel is removed from the properties, and becomes an option when its value can be
 * read as the option's type (else it is dropped, and the server default applies).
 *
 * @param properties - The event's properties (not modified).
 * @example
 * ```ts
 * liftEventOptions({ plan: "pro", $process_person_profile: "false" });
 * // { options: { process_person_profile: false }, properties: { plan: "pro" } }
 * ```
 */
export function liftEventOptions(properties: Readonly<Record<string, unknown>>): {
  options: V1EventOptions;
  properties: Record<string, unknown>;
} {
  const rest: Record<string, unknown> = { ...properties };
  const options: Record<string, boolean | string> = {};
  for (const sentinel of SENTINELS) {
    if (!Object.hasOwn(rest, sentinel.property)) continue;
    const value = rest[sentinel.property];
    delete rest[sentinel.property];
    const coerced = sentinel.kind === "boolean" ? coerceBoolean(value) : coerceString(value);
    if (coerced !== undefined) options[sentinel.option] = coerced;
  }
  return { options: options as V1EventOptions, properties: rest };
}

function coerceBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isNaN(value) ? undefined : value !== 0;
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
  }
  return undefined;
}

function coerceString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
