/**
 * The compiled form of flag definitions: what the evaluator walks. Everything that does not
 * depend on the user is decided here once per load — regexes compiled, dates and versions
 * parsed, variant buckets summed, payloads parsed, cohorts linked, dependency chains
 * checked, each flag's definition-level reason for fallback known in advance — so that an
 * evaluation only reads. All of it is internal; users see {@link FlagDefinitions}.
 */
import type { PropertyMatcher } from "./operators.ts";
import type { FlagValue, JsonValue, UnresolvedReason } from "./types.ts";
import type { Unresolved } from "./unresolved.ts";

/** @internal A `flag_evaluates_to` filter. */
export interface CompiledDependency {
  /** The flag whose value is compared. */
  readonly target: string;
  /** Flags to evaluate first, ending with `target`; undecided when unusable. */
  readonly chain: readonly string[] | Unresolved;
  /** The value the filter expects. */
  readonly expected: unknown;
}

/** @internal A cohort (or nested group of one). */
export type CompiledGroup =
  | { readonly kind: "always" }
  | { readonly kind: "server" }
  | { readonly kind: "empty"; readonly and: boolean }
  | { readonly kind: "groups"; readonly and: boolean; readonly groups: readonly CompiledGroup[] }
  | {
      readonly kind: "filters";
      readonly and: boolean;
      readonly filters: readonly { readonly filter: CompiledFilter; readonly negation: boolean }[];
    };

/** @internal One filter of a condition or a cohort. */
export type CompiledFilter =
  | { readonly kind: "property"; readonly match: PropertyMatcher }
  | {
      readonly kind: "cohort";
      readonly group: CompiledGroup | Unresolved;
      readonly negate: boolean;
    }
  | { readonly kind: "flag"; readonly dependency: CompiledDependency };

/** @internal One condition (release group) of a flag. */
export interface CompiledCondition {
  readonly filters: readonly CompiledFilter[];
  /** `rollout_percentage / 100`, or `undefined` for everyone. */
  readonly threshold: number | undefined;
  /** The variant this condition forces, when it names one of the flag's variants. */
  readonly variant: string | undefined;
  /** Mixed targeting: evaluate this condition against this group type instead. */
  readonly override: { readonly groupName: string | undefined } | undefined;
}

/** @internal A compiled flag. */
export interface CompiledFlag {
  readonly key: string;
  readonly id: number | undefined;
  readonly active: boolean;
  readonly hasExperiment: boolean | undefined;
  readonly continuity: boolean;
  /** `true` when the flag aggregates by a group type. */
  readonly grouped: boolean;
  /** The group type it aggregates by (`undefined`: unknown index). */
  readonly groupName: string | undefined;
  readonly deviceBucketing: boolean;
  readonly holdout: { readonly variant: string; readonly threshold: number } | undefined;
  readonly conditions: readonly CompiledCondition[];
  readonly variants: readonly {
    readonly key: string;
    readonly min: number;
    readonly max: number;
  }[];
  readonly earlyExit: boolean;
  readonly payloads: ReadonlyMap<string, JsonValue>;
  /** The reason the definition alone gives for falling back, if any. */
  readonly definitionReason: UnresolvedReason | undefined;
  /** Evaluated on servers (`evaluation_runtime` absent, `all` or `server`). */
  readonly serverRuntime: boolean;
  readonly runtime: "all" | "client" | "server";
}

/** What local evaluation says about one flag. */
export type LocalFlagResult =
  | {
      readonly kind: "resolved";
      readonly value: FlagValue;
      /** The payload of that value, parsed; `undefined` when it has none. */
      readonly payload: JsonValue | undefined;
    }
  | {
      /** Local evaluation cannot decide: only PostHog can. */
      readonly kind: "inconclusive";
      readonly reason: UnresolvedReason;
    }
  | {
      /** The definitions hold no flag with this key. */
      readonly kind: "missing";
    };
