/**
 * The shapes of feature flags on the wire and in our public API. `/flags/definitions`
 * answers with {@link FlagDefinitionsPayload} (flags, cohorts, group-type mapping), which
 * the compiler turns into an immutable snapshot once per load; `/flags?v=2` answers with
 * evaluated values. Wire fields keep PostHog's snake_case names and are typed loosely
 * (`unknown` where PostHog may send anything), because the compiler, not the type
 * system, decides what is usable.
 */

/** A JSON value: what a payload or a property value can be. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** The value of a feature flag: `false` (off), `true` (on) or the key of a variant. */
export type FlagValue = boolean | string;

/** Properties of a person or a group, as given by the caller. */
export type Properties = Readonly<Record<string, unknown>>;

/**
 * Why local evaluation could not decide a flag (PostHog's `UnresolvedFlagReason`):
 * `experience_continuity` and `unsupported_definition` come from the definition,
 * `missing_context` from the call, `unresolved_dependency` from a flag it depends on.
 */
export type UnresolvedReason =
  | "experience_continuity"
  | "unsupported_definition"
  | "missing_context"
  | "unresolved_dependency";

/** One property filter of a condition or a cohort, as PostHog sends it. */
export interface RawPropertyFilter {
  readonly key?: unknown;
  readonly value?: unknown;
  readonly operator?: unknown;
  /** `"person"`, `"group"`, `"cohort"`, `"flag"`… */
  readonly type?: unknown;
  /** In cohorts only: the filter matches when the property does not. */
  readonly negation?: unknown;
  /** On `flag` filters: the flags to evaluate first, ending with `key` (empty: a cycle). */
  readonly dependency_chain?: unknown;
  readonly group_type_index?: unknown;
}

/** A cohort's definition: an AND/OR tree of filters (`{}` is the empty group, always true). */
export interface RawPropertyGroup {
  readonly type?: unknown;
  readonly values?: readonly (RawPropertyGroup | RawPropertyFilter)[];
}

/** One condition (release group) of a flag. */
export interface RawCondition {
  readonly properties?: readonly RawPropertyFilter[] | null;
  readonly rollout_percentage?: number | null;
  readonly variant?: string | null;
  /** Mixed targeting: this condition aggregates by this group type instead of the flag's. */
  readonly aggregation_group_type_index?: number | null;
}

/** A multivariate flag's variant. */
export interface RawVariant {
  readonly key: string;
  readonly rollout_percentage: number;
  readonly name?: string | null;
}

/** A flag definition from `/flags/definitions`. */
export interface RawFlagDefinition {
  readonly id?: number;
  readonly key: string;
  readonly name?: string;
  readonly active?: boolean;
  readonly deleted?: boolean;
  readonly ensure_experience_continuity?: boolean | null;
  /** `"device_id"` buckets by the `$device_id` person property instead of the distinct id. */
  readonly bucketing_identifier?: string | null;
  readonly has_experiment?: boolean;
  readonly evaluation_runtime?: string | null;
  readonly evaluation_contexts?: readonly string[] | null;
  readonly evaluation_tags?: readonly string[] | null;
  readonly filters?: {
    readonly aggregation_group_type_index?: number | null;
    readonly groups?: readonly RawCondition[] | null;
    readonly multivariate?: { readonly variants?: readonly RawVariant[] | null } | null;
    readonly payloads?: Readonly<Record<string, unknown>> | null;
    readonly holdout?: { readonly id?: unknown; readonly exclusion_percentage?: unknown } | null;
    readonly early_exit?: boolean | null;
  } | null;
}

/** The body of `GET /flags/definitions` (also what a cache of definitions holds). */
export interface FlagDefinitionsPayload {
  readonly flags: readonly RawFlagDefinition[];
  readonly group_type_mapping?: Readonly<Record<string, string>> | null;
  readonly cohorts?: Readonly<Record<string, RawPropertyGroup>> | null;
  /** Server gate for minimal `$feature_flag_called` events. */
  readonly minimal_flag_called_events?: boolean | null;
  /** `2` turns off the legacy truthy matching of `exact` filters. */
  readonly property_matching_version?: number | null;
}
