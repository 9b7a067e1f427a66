/**
 * Local evaluation: a synchronous, pure walk over a compiled {@link FlagDefinitions}
 * snapshot. It decides what posthog-node decides — holdouts, conditions in order with
 * their property filters, cohorts and flag dependencies, rollouts by PostHog's hash,
 * variants, early exit, mixed group targeting, device-id bucketing — and returns
 * {@link Unresolved} where posthog-node throws, so a flag that cannot be decided locally
 * costs no exception and is reported with PostHog's reason. One call shares a cache of
 * dependency values; a dependency cycle is detected and left undecided.
 */
import type { FlagDefinitions } from "./definitions.ts";
import { bucketHash } from "./hash.ts";
import type {
  CompiledCondition,
  CompiledDependency,
  CompiledFilter,
  CompiledFlag,
  CompiledGroup,
  LocalFlagResult,
} from "./model.ts";
import type { FlagValue, JsonValue, Properties, UnresolvedReason } from "./types.ts";
import {
  isUnresolved,
  pickReason,
  SERVER_ONLY,
  UNSUPPORTED,
  type Unresolved,
  unresolved,
} from "./unresolved.ts";

/** The person, groups and properties one evaluation is for. */
export interface EvaluationContext {
  readonly distinctId: string;
  /** Group type to group key. */
  readonly groups: Readonly<Record<string, string | number>>;
  /** Person properties, with `distinct_id` added. */
  readonly personProperties: Properties;
  /** Properties per group type, with `$group_key` added, for every group in `groups`. */
  readonly groupProperties: Readonly<Record<string, Properties>>;
  /** The moment of evaluation (epoch ms), for relative date filters. */
  readonly nowMs: number;
}

/** What a caller gives for one evaluation (posthog-node's option names). */
export interface EvaluationInput {
  /** Group type to group key, e.g. `{ company: "acme" }`. */
  readonly groups?: Readonly<Record<string, string | number>> | undefined;
  readonly personProperties?: Properties | undefined;
  readonly groupProperties?: Readonly<Record<string, Properties>> | undefined;
}

/**
 * Builds the context of one evaluation as posthog-node does: the person's properties get
 * `distinct_id`, each group given gets its properties with `$group_key`.
 *
 * @param distinctId - The user's distinct id.
 * @param input - Groups and properties.
 * @param nowMs - The moment of evaluation.
 * @example
 * ```ts
 * const context = createEvaluationContext("user-1", { personProperties: { plan: "pro" } });
 * ```
 */
export function createEvaluationContext(
  distinctId: string,
  input: EvaluationInput = {},
  nowMs: number = Date.now(),
): EvaluationContext {
  const groups = input.groups ?? {};
  const groupProperties: Record<string, Properties> = {};
  for (const name of Object.keys(groups)) {
    groupProperties[name] = { $group_key: groups[name], ...input.groupProperties?.[name] };
  }
  return {
    distinctId,
    groups,
    personProperties: { distinct_id: distinctId, ...input.personProperties },
    groupProperties,
    nowMs,
  };
}

/** The state of one evaluation call. */
interface Run {
  readonly definitions: FlagDefinitions;
  readonly context: EvaluationContext;
  /** Values of flags evaluated as dependencies during this call. */
  readonly dependencies: Map<string, FlagValue | Unresolved>;
  /** Flags being evaluated, to cut dependency cycles. */
  readonly inProgress: Set<string>;
}

type ConditionOutcome = "match" | "no-match" | "out-of-rollout" | Unresolved;

const VARIANT_SALT = "variant";

function newRun(definitions: FlagDefinitions, context: EvaluationContext): Run {
  return { definitions, context, dependencies: new Map(), inProgress: new Set() };
}

function payloadOf(flag: CompiledFlag, value: FlagValue): JsonValue | undefined {
  if (value === false) return undefined;
  return flag.payloads.get(value === true ? "true" : value);
}

function toResult(flag: CompiledFlag, outcome: FlagValue | Unresolved): LocalFlagResult {
  if (isUnresolved(outcome)) return { kind: "inconclusive", reason: outcome.reason };
  return { kind: "resolved", value: outcome, payload: payloadOf(flag, outcome) };
}

/**
 * Evaluates one flag locally.
 *
 * @param definitions - The snapshot.
 * @param key - The flag key.
 * @param context - Who it is for ({@link createEvaluationContext}).
 * @example
 * ```ts
 * const result = evaluateFlagLocally(definitions, "beta", createEvaluationContext("user-1"));
 * if (result.kind === "resolved") use(result.value);
 * ```
 */
export function evaluateFlagLocally(
  definitions: FlagDefinitions,
  key: string,
  context: EvaluationContext,
): LocalFlagResult {
  const flag = definitions.flags.get(key);
  if (flag === undefined) return { kind: "missing" };
  return toResult(flag, flagValue(flag, newRun(definitions, context)));
}

/** Everything local evaluation decided in one pass. */
export interface LocalEvaluation {
  /** Decided flags: value and payload. */
  readonly values: Map<
    string,
    { readonly value: FlagValue; readonly payload: JsonValue | undefined }
  >;
  /** Undecided flags, with PostHog's reason. */
  readonly inconclusive: Map<string, UnresolvedReason>;
  /**
   * Whether PostHog must be asked: no definitions at all, or a flag meant for servers
   * could not be decided.
   */
  readonly fallbackToRemote: boolean;
}

/**
 * Evaluates every flag (or the given keys) locally, in one pass sharing dependency values.
 *
 * @param definitions - The snapshot.
 * @param context - Who it is for.
 * @param keys - Only these flags (keys with no definition are ignored).
 * @example
 * ```ts
 * const { values, inconclusive } = evaluateFlagsLocally(definitions, createEvaluationContext("user-1"));
 * ```
 */
export function evaluateFlagsLocally(
  definitions: FlagDefinitions,
  context: EvaluationContext,
  keys?: readonly string[],
): LocalEvaluation {
  const run = newRun(definitions, context);
  const values = new Map<string, { value: FlagValue; payload: JsonValue | undefined }>();
  const inconclusive = new Map<string, UnresolvedReason>();
  let fallbackToRemote = definitions.flags.size === 0;
  const visit = (flag: CompiledFlag): void => {
    const outcome = flagValue(flag, run);
    if (isUnresolved(outcome)) {
      inconclusive.set(flag.key, outcome.reason);
      if (flag.serverRuntime) fallbackToRemote = true;
    } else {
      values.set(flag.key, { value: outcome, payload: payloadOf(flag, outcome) });
    }
  };
  if (keys === undefined) {
    for (const flag of definitions.flags.values()) visit(flag);
  } else {
    for (const key of keys) {
      const flag = definitions.flags.get(key);
      if (flag !== undefined) visit(flag);
    }
  }
  return { values, inconclusive, fallbackToRemote };
}

/** A flag's value (posthog-node's `computeFlagValueLocally`). */
function flagValue(flag: CompiledFlag, run: Run): FlagValue | Unresolved {
  const known = run.dependencies.get(flag.key);
  if (known !== undefined) return known;
  if (run.inProgress.has(flag.key)) return UNSUPPORTED; // a dependency cycle
  run.inProgress.add(flag.key);
  try {
    return computeFlagValue(flag, run);
  } finally {
    run.inProgress.delete(flag.key);
  }
}

function computeFlagValue(flag: CompiledFlag, run: Run): FlagValue | Unresolved {
  // An inactive flag is false whatever its experience continuity says.
  if (!flag.active) return false;
  if (flag.continuity) return unresolved("experience_continuity");
  const { context } = run;
  if (flag.grouped) {
    if (flag.groupName === undefined) return UNSUPPORTED;
    if (!Object.hasOwn(context.groups, flag.groupName)) return false;
    const groupKey = context.groups[flag.groupName] as string | number;
    return matchFlag(flag, groupKey, context.groupProperties[flag.groupName] ?? {}, run);
  }
  let bucketingValue: string | number = context.distinctId;
  if (flag.deviceBucketing) {
    const deviceId = context.personProperties.$device_id;
    if (deviceId === undefined || deviceId === null || deviceId === "") {
      return unresolved(flag.definitionReason ?? "missing_context");
    }
    bucketingValue = deviceId as string | number;
  }
  return matchFlag(flag, bucketingValue, context.personProperties, run);
}

function variantOf(flag: CompiledFlag, bucketingValue: string | number): FlagValue {
  if (flag.variants.length === 0) return true;
  const hash = bucketHash(flag.key, bucketingValue, VARIANT_SALT);
  for (const variant of flag.variants) {
    if (hash >= variant.min && hash < variant.max) return variant.key || true;
  }
  return true;
}

function matchedValue(
  flag: CompiledFlag,
  condition: CompiledCondition,
  bucketingValue: string | number,
): FlagValue {
  return condition.variant ?? variantOf(flag, bucketingValue);
}

/** The conditions of a flag, in order (posthog-node's `matchFeatureFlagProperties`). */
function matchFlag(
  flag: CompiledFlag,
  bucketingValue: string | number,
  properties: Properties,
  run: Run,
): FlagValue | Unresolved {
  // A held-out user is out of the flag's targeting altogether.
  const holdout = flag.holdout;
  if (holdout !== undefined) {
    if (
      holdout.threshold === Number.POSITIVE_INFINITY ||
      bucketHash("holdout", bucketingValue, "", "-") <= holdout.threshold
    ) {
      return holdout.variant;
    }
  }
  let reason: UnresolvedReason | undefined;
  let regex = false;
  let deferred: FlagValue[] | undefined;
  let result: FlagValue | undefined;
  const { groups, groupProperties } = run.context;
  for (const condition of flag.conditions) {
    let conditionBucketing = bucketingValue;
    let conditionProperties = properties;
    if (condition.override !== undefined) {
      const name = condition.override.groupName;
      if (name === undefined || !Object.hasOwn(groups, name)) continue;
      const props = groupProperties[name];
      if (props === undefined) {
        reason = pickReason(reason, "missing_context");
        continue;
      }
      conditionProperties = props;
      conditionBucketing = groups[name] as string | number;
    }
    const outcome = matchCondition(flag, condition, conditionBucketing, conditionProperties, run);
    if (outcome === "match") {
      result = matchedValue(flag, condition, conditionBucketing);
      break;
    }
    if (outcome === "out-of-rollout") {
      // Targeted but rolled out of: later conditions cannot change that (unless one before was undecided).
      if (flag.earlyExit) {
        if (reason !== undefined) break;
        return false;
      }
      continue;
    }
    if (outcome === "no-match") continue;
    if (outcome.server) {
      // Only PostHog can decide: stop here; a reason in the definition outranks the one found.
      const merged = pickReason(
        pickReason(reason, outcome.reason),
        flag.definitionReason ?? outcome.reason,
      );
      return unresolved(merged, true);
    }
    reason = pickReason(reason, outcome.reason);
    if (outcome.regex) {
      regex = true;
      deferred ??= [];
      deferred.push(
        flag.earlyExit &&
          condition.threshold !== undefined &&
          bucketHash(flag.key, conditionBucketing) > condition.threshold
          ? false
          : matchedValue(flag, condition, conditionBucketing),
      );
    }
  }
  // A later match cannot pick a value while an earlier regex condition, left to PostHog, might pick another.
  if (result !== undefined && !(regex && deferred?.some((value) => value !== result)))
    return result;
  if (reason !== undefined) return unresolved(reason, false, regex);
  return false;
}

/** One condition (posthog-node's `isConditionMatch`). */
function matchCondition(
  flag: CompiledFlag,
  condition: CompiledCondition,
  bucketingValue: string | number,
  properties: Properties,
  run: Run,
): ConditionOutcome {
  if (condition.filters.length > 0) {
    // Filters have no order: an undecided one does not stop the loop, a later one may rule the condition out.
    let reason: UnresolvedReason | undefined;
    let regex = false;
    let server: Unresolved | undefined;
    for (const filter of condition.filters) {
      const outcome = matchFilter(filter, properties, run);
      if (outcome === true) continue;
      if (outcome === false) return "no-match";
      if (outcome.server && reason === undefined) server ??= outcome;
      if (outcome.regex) regex = true;
      reason = pickReason(reason, outcome.reason);
    }
    if (server !== undefined) return server;
    if (reason !== undefined) return unresolved(reason, false, regex);
    if (condition.threshold === undefined) return "match";
  }
  if (
    condition.threshold !== undefined &&
    bucketHash(flag.key, bucketingValue) > condition.threshold
  ) {
    return "out-of-rollout";
  }
  return "match";
}

function matchFilter(
  filter: CompiledFilter,
  properties: Properties,
  run: Run,
): boolean | Unresolved {
  switch (filter.kind) {
    case "property":
      return filter.match(properties, run.context.nowMs);
    case "flag":
      return matchDependency(filter.dependency, run);
    case "cohort": {
      if (isUnresolved(filter.group)) return filter.group;
      const inCohort = matchGroup(filter.group, properties, run);
      return typeof inCohort === "boolean" && filter.negate ? !inCohort : inCohort;
    }
  }
}

/** A cohort's AND/OR tree (posthog-node's `matchPropertyGroup`). */
function matchGroup(group: CompiledGroup, properties: Properties, run: Run): boolean | Unresolved {
  switch (group.kind) {
    case "always":
      return true;
    case "server":
      return SERVER_ONLY;
    case "empty":
      return group.and;
  }
  let reason: UnresolvedReason | undefined;
  let regex = false;
  if (group.kind === "groups") {
    for (const child of group.groups) {
      const outcome = matchGroup(child, properties, run);
      if (typeof outcome === "boolean") {
        if (group.and && !outcome) return false;
        if (!group.and && outcome) return true;
        continue;
      }
      if (outcome.server) return outcome;
      reason = pickReason(reason, outcome.reason);
      regex ||= outcome.regex;
    }
  } else {
    for (const { filter, negation } of group.filters) {
      const outcome = matchFilter(filter, properties, run);
      if (typeof outcome === "boolean") {
        if (outcome !== negation) {
          if (!group.and) return true;
        } else if (group.and) {
          return false;
        }
        continue;
      }
      if (outcome.server) return outcome;
      reason = pickReason(reason, outcome.reason);
      regex ||= outcome.regex;
    }
  }
  if (reason !== undefined) return unresolved(reason, false, regex);
  return group.and;
}

/** A `flag_evaluates_to` filter (posthog-node's `evaluateFlagDependency`). */
function matchDependency(dependency: CompiledDependency, run: Run): boolean | Unresolved {
  const { chain } = dependency;
  if (isUnresolved(chain)) return chain;
  for (const key of chain) {
    let value = run.dependencies.get(key);
    if (value === undefined) {
      const flag = run.definitions.flags.get(key);
      // A flag dropped by evaluation contexts is false, as PostHog's remote evaluation has it.
      value = flag === undefined || !flag.active ? false : flagValue(flag, run);
      run.dependencies.set(key, value);
    }
    if (isUnresolved(value)) {
      return value.server
        ? unresolved("unresolved_dependency", true)
        : unresolved("unresolved_dependency", false, value.regex);
    }
  }
  return evaluatesTo(dependency.expected, run.dependencies.get(dependency.target));
}

function evaluatesTo(expected: unknown, value: FlagValue | Unresolved | undefined): boolean {
  if (typeof expected === "boolean") {
    return expected === value || (expected === true && typeof value === "string" && value !== "");
  }
  if (typeof expected === "string") return value === expected;
  return false;
}
