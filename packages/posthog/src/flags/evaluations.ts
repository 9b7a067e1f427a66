/**
 * `FeatureFlagEvaluations`: the point-in-time snapshot `evaluateFlags` returns. Its
 * accessors read the values frozen into it — never another evaluation, never the network
 * — and report each value read once through the `$feature_flag_called` tracker; payload
 * reads are silent. `only(keys)` and `onlyAccessed()` give smaller snapshots to hand to
 * `capture({ flags })`, whose `$feature/<key>` and `$active_feature_flags` come from
 * {@link FeatureFlagEvaluations.eventProperties}.
 */

import type { FlagAccess } from "./called-tracker.ts";
import type { FeatureFlagsError } from "./errors.ts";
import type { FlagValue, JsonValue, UnresolvedReason } from "./types.ts";

/** One flag of a snapshot. */
export interface EvaluatedFlag {
  readonly key: string;
  readonly enabled: boolean;
  readonly variant: string | undefined;
  readonly payload: JsonValue | undefined;
  readonly id: number | undefined;
  readonly version: number | undefined;
  /** PostHog's reason, or `"Evaluated locally"`. */
  readonly reason: string | undefined;
  readonly locallyEvaluated: boolean;
  readonly hasExperiment: boolean | undefined;
}

/** What a snapshot needs from its evaluator. @internal */
export interface EvaluationsHost {
  /** Reports an access through the tracker, when `send` says so. */
  readonly track: (access: FlagAccess) => void;
  /** Whether reads report accesses unless told otherwise. */
  readonly sendEventsByDefault: boolean;
  /** A diagnostic for a misuse (`only` with unknown keys). */
  readonly warn: (message: string) => void;
  /** The clock, for `$feature_flag_evaluated_at`. */
  readonly now: () => number;
}

/** The evaluation context and metadata a snapshot keeps. @internal */
export interface EvaluationsInit {
  readonly host: EvaluationsHost;
  readonly distinctId: string;
  readonly groups?: Readonly<Record<string, string | number>> | undefined;
  readonly disableGeoip?: boolean | undefined;
  readonly flags: ReadonlyMap<string, EvaluatedFlag>;
  readonly unresolved?: ReadonlyMap<string, UnresolvedReason> | undefined;
  readonly requestId?: string | undefined;
  readonly evaluatedAt?: number | undefined;
  readonly definitionsLoadedAt?: number | undefined;
  readonly errorsWhileComputing?: boolean | undefined;
  readonly quotaLimited?: boolean | undefined;
  /** What went wrong, when the snapshot is partial. */
  readonly error?: FeatureFlagsError | undefined;
  readonly accessed?: Set<string> | undefined;
  readonly slice?: boolean | undefined;
}

/** Options of a value read. */
export interface ReadOptions {
  /** Report this read with `$feature_flag_called`. @defaultValue the client's setting (`true`) */
  readonly sendFeatureFlagEvents?: boolean;
}

/**
 * A snapshot of evaluated flags for one user.
 *
 * @example
 * ```ts
 * const flags = (await featureFlags.evaluateFlags("user-1")).getOrThrow();
 * if (flags.isEnabled("new-checkout")) renderNewCheckout();
 * capture({ distinctId: "user-1", event: "checkout", flags: flags.onlyAccessed() });
 * ```
 */
export class FeatureFlagEvaluations {
  readonly #init: EvaluationsInit;
  readonly #accessed: Set<string>;

  /** @internal Made by `evaluateFlags`. */
  constructor(init: EvaluationsInit) {
    this.#init = init;
    this.#accessed = init.accessed ?? new Set();
  }

  /** The distinct id the flags were evaluated for (`""` for an empty snapshot). */
  get distinctId(): string {
    return this.#init.distinctId;
  }

  /** The keys of the flags it holds (order unspecified). */
  get keys(): string[] {
    return [...this.#init.flags.keys()];
  }

  /** Flags local evaluation could not decide and nothing else resolved, with the reason. */
  get unresolvedFlags(): Readonly<Record<string, UnresolvedReason>> {
    return Object.fromEntries(this.#init.unresolved ?? []);
  }

  /** What went wrong while evaluating, when the snapshot is partial or empty. */
  get error(): FeatureFlagsError | undefined {
    return this.#init.error;
  }

  /**
   * The evaluated flag, without reporting an access.
   *
   * @param key - The flag key.
   */
  details(key: string): EvaluatedFlag | undefined {
    return this.#init.flags.get(key);
  }

  /**
   * Whether a flag is on (a variant counts as on); reports the read.
   *
   * @param key - The flag key.
   * @param options - `defaultValue` for a flag the snapshot does not hold, `sendFeatureFlagEvents`.
   */
  isEnabled(key: string, options: ReadOptions & { readonly defaultValue?: boolean } = {}): boolean {
    const flag = this.#init.flags.get(key);
    this.#access(key, options.sendFeatureFlagEvents);
    return flag?.enabled ?? options.defaultValue ?? false;
  }

  /**
   * A flag's value: `true`, `false`, the variant, or `undefined` when the snapshot does not
   * hold it; reports the read.
   *
   * @param key - The flag key.
   * @param options - `sendFeatureFlagEvents`.
   */
  getFlag(key: string, options: ReadOptions = {}): FlagValue | undefined {
    const flag = this.#init.flags.get(key);
    this.#access(key, options.sendFeatureFlagEvents);
    return flag === undefined ? undefined : flagValueOf(flag);
  }

  /**
   * A flag's payload; a silent read (no event, not counted as accessed).
   *
   * @param key - The flag key.
   */
  getFlagPayload(key: string): JsonValue | undefined {
    return this.#init.flags.get(key)?.payload;
  }

  /** A snapshot of the flags whose value was read so far (empty before any read). */
  onlyAccessed(): FeatureFlagEvaluations {
    const flags = new Map<string, EvaluatedFlag>();
    for (const key of this.#accessed) {
      const flag = this.#init.flags.get(key);
      if (flag !== undefined) flags.set(key, flag);
    }
    return this.#slice(flags);
  }

  /**
   * A snapshot of these flags only; unknown keys are dropped with a warning.
   *
   * @param keys - The keys to keep.
   */
  only(keys: readonly string[]): FeatureFlagEvaluations {
    const flags = new Map<string, EvaluatedFlag>();
    const missing: string[] = [];
    for (const key of keys) {
      const flag = this.#init.flags.get(key);
      if (flag === undefined) missing.push(key);
      else flags.set(key, flag);
    }
    if (missing.length > 0) {
      this.#init.host.warn(
        `only() dropped flag keys that are not in the snapshot: ${missing.join(", ")}`,
      );
    }
    return this.#slice(flags);
  }

  /** The properties `capture({ flags })` adds: `$feature/<key>` and `$active_feature_flags`. */
  eventProperties(): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    const active: string[] = [];
    for (const [key, flag] of this.#init.flags) {
      properties[`$feature/${key}`] = flagValueOf(flag);
      if (flag.enabled) active.push(key);
    }
    if (active.length > 0) properties.$active_feature_flags = active.sort();
    return properties;
  }

  #slice(flags: Map<string, EvaluatedFlag>): FeatureFlagEvaluations {
    const { unresolved: _unresolved, error: _error, ...rest } = this.#init;
    return new FeatureFlagEvaluations({
      ...rest,
      flags,
      accessed: new Set(this.#accessed),
      slice: true,
    });
  }

  #access(key: string, send: boolean | undefined): void {
    this.#accessed.add(key);
    const init = this.#init;
    if (!(send ?? init.host.sendEventsByDefault) || init.distinctId === "") return;
    const flag = init.flags.get(key);
    // In a slice, a key that is not there was filtered out, not missing from PostHog.
    if (flag === undefined && init.slice === true) return;
    const response = flag === undefined ? undefined : flagValueOf(flag);
    const properties: Record<string, unknown> = {
      $feature_flag: key,
      $feature_flag_response: response,
      locally_evaluated: flag?.locallyEvaluated ?? false,
      [`$feature/${key}`]: response,
    };
    setDefined(properties, "$feature_flag_id", flag?.id);
    setDefined(properties, "$feature_flag_version", flag?.version);
    setDefined(properties, "$feature_flag_reason", flag?.reason);
    setDefined(properties, "$feature_flag_request_id", init.requestId);
    setDefined(
      properties,
      "$feature_flag_evaluated_at",
      flag?.locallyEvaluated ? init.host.now() : init.evaluatedAt,
    );
    setDefined(properties, "$feature_flag_has_experiment", flag?.hasExperiment);
    if (flag?.locallyEvaluated)
      setDefined(properties, "$feature_flag_definitions_loaded_at", init.definitionsLoadedAt);
    const errors: string[] = [];
    if (init.errorsWhileComputing) errors.push("errors_while_computing_flags");
    if (init.quotaLimited) errors.push("quota_limited");
    if (flag === undefined) {
      errors.push(init.unresolved?.has(key) ? "local_evaluation_inconclusive" : "flag_missing");
    }
    if (errors.length > 0) properties.$feature_flag_error = errors.join(",");
    init.host.track({
      distinctId: init.distinctId,
      key,
      response,
      groups: init.groups,
      disableGeoip: init.disableGeoip,
      properties,
    });
  }
}

/**
 * The value of an evaluated flag.
 *
 * @param flag - The flag.
 */
export function flagValueOf(flag: EvaluatedFlag): FlagValue {
  return flag.enabled ? (flag.variant ?? true) : false;
}

/**
 * Sets a property when the value is defined.
 *
 * @internal
 */
export function setDefined(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
