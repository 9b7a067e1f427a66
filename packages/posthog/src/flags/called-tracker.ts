/**
 * The `$feature_flag_called` tracker: sends one event per distinct id, flag, value and
 * group context, through a `capture` function it is given (the facade wires it to the
 * capture actor). The memory is bounded: past `maxDistinctIds` the least recently seen
 * distinct ids are forgotten one by one, never all at once (which would resend an event
 * for every active user). In minimal mode — PostHog's gate on and the flag known not to
 * be in an experiment — the event keeps only PostHog's allowlist of properties.
 */
import type { FlagValue } from "./types.ts";

/** A `$feature_flag_called` event, as handed to `capture`. */
export interface FlagCalledEvent {
  readonly distinctId: string;
  readonly event: "$feature_flag_called";
  readonly properties: Record<string, unknown>;
  readonly groups?: Readonly<Record<string, string | number>> | undefined;
  readonly disableGeoip?: boolean | undefined;
}

/** One flag access to report. */
export interface FlagAccess {
  readonly distinctId: string;
  readonly key: string;
  /** The value used: `undefined` when there was none. */
  readonly response: FlagValue | undefined;
  readonly groups?: Readonly<Record<string, string | number>> | undefined;
  readonly disableGeoip?: boolean | undefined;
  /** The event's properties (`$feature_flag`, `$feature_flag_response`, …). */
  readonly properties: Record<string, unknown>;
}

/** Options of {@link FlagCalledTracker}. */
export interface FlagCalledTrackerOptions {
  /** Sends an event; must not throw (a throw is caught and ignored). */
  readonly capture: (event: FlagCalledEvent) => void;
  /** Distinct ids remembered. @defaultValue `50_000` */
  readonly maxDistinctIds?: number;
}

const CAMPAIGN_PROPERTIES = [
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_content",
  "utm_term",
  "gad_source",
  "mc_cid",
  "gclid",
  "gclsrc",
  "dclid",
  "gbraid",
  "wbraid",
  "fbclid",
  "msclkid",
  "twclid",
  "li_fat_id",
  "igshid",
  "ttclid",
  "rdt_cid",
  "epik",
  "qclid",
  "sccid",
  "oppref",
  "bfcid",
  "irclid",
  "_kx",
];

/** The properties a minimal `$feature_flag_called` event keeps (PostHog's allowlist). */
export const MINIMAL_FLAG_CALLED_PROPERTIES: readonly string[] = [
  "$feature_flag",
  "$feature_flag_response",
  "$feature_flag_has_experiment",
  "$feature_flag_id",
  "$feature_flag_version",
  "$feature_flag_reason",
  "$feature_flag_request_id",
  "$feature_flag_evaluated_at",
  "$feature_flag_error",
  "locally_evaluated",
  "$groups",
  "$process_person_profile",
  "$geoip_disable",
  "$current_url",
  "$pathname",
  "$referring_domain",
  ...CAMPAIGN_PROPERTIES,
  "$session_id",
  "$window_id",
  "$lib",
  "$lib_version",
  "$device_id",
  "$is_server",
];

/**
 * The minimal form of a `$feature_flag_called` event's properties.
 *
 * @param properties - The full properties.
 */
export function minimalFlagCalledProperties(
  properties: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const minimal: Record<string, unknown> = {};
  for (const key of MINIMAL_FLAG_CALLED_PROPERTIES) {
    if (properties[key] !== undefined) minimal[key] = properties[key];
  }
  return minimal;
}

function groupSuffix(groups: Readonly<Record<string, string | number>> | undefined): string {
  if (groups === undefined) return "";
  const entries = Object.entries(groups);
  if (entries.length === 0) return "";
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `_${JSON.stringify(entries)}`;
}

/**
 * Deduplicates and sends `$feature_flag_called` events.
 *
 * @example
 * ```ts
 * const tracker = new FlagCalledTracker({ capture: (event) => posthog.capture(event) });
 * tracker.track({ distinctId: "u1", key: "beta", response: true, properties: { $feature_flag: "beta" } });
 * ```
 */
export class FlagCalledTracker {
  readonly #capture: (event: FlagCalledEvent) => void;
  readonly #max: number;
  /** Distinct id → what was reported for it; in least-recently-seen order. */
  readonly #seen = new Map<string, Set<string>>();
  /** PostHog's gate for minimal events, last writer wins (definitions or `/flags`). */
  minimalEvents = false;

  /** @param options - The `capture` function and the bound. */
  constructor(options: FlagCalledTrackerOptions) {
    this.#capture = options.capture;
    this.#max = Math.max(1, options.maxDistinctIds ?? 50_000);
  }

  /** The number of distinct ids remembered. */
  get size(): number {
    return this.#seen.size;
  }

  /**
   * Reports an access unless the same distinct id, flag, value and groups were reported.
   *
   * @param access - The access.
   * @returns Whether an event was sent.
   */
  track(access: FlagAccess): boolean {
    const { distinctId } = access;
    const entry = `${access.key}_${access.response}${groupSuffix(access.groups)}`;
    const reported = this.#seen.get(distinctId) ?? new Set<string>();
    // Re-inserted so that it becomes the most recently seen.
    this.#seen.delete(distinctId);
    this.#seen.set(distinctId, reported);
    if (reported.has(entry)) return false;
    reported.add(entry);
    while (this.#seen.size > this.#max) {
      const oldest = this.#seen.keys().next().value as string;
      this.#seen.delete(oldest);
    }
    const minimal = this.minimalEvents && access.properties.$feature_flag_has_experiment === false;
    try {
      this.#capture({
        distinctId,
        event: "$feature_flag_called",
        properties: minimal ? minimalFlagCalledProperties(access.properties) : access.properties,
        ...(access.groups === undefined ? {} : { groups: access.groups }),
        ...(access.disableGeoip === undefined ? {} : { disableGeoip: access.disableGeoip }),
      });
    } catch {
      // Tracking must never break a flag read.
    }
    return true;
  }

  /** Forgets everything (on shutdown, or when the context resets). */
  clear(): void {
    this.#seen.clear();
  }
}
