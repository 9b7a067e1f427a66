/**
 * Compiles raw flag definitions and cohorts into the model the evaluator reads
 * (`model.ts`). Cohorts are linked by reference, with cycles cut (a cohort that contains
 * itself is left to PostHog); dependency chains are checked against the loaded keys;
 * each flag's definition-level fallback reason is computed here with posthog-node's
 * rules, so the evaluator never has to look at a raw definition.
 */
import type {
  CompiledCondition,
  CompiledDependency,
  CompiledFilter,
  CompiledFlag,
  CompiledGroup,
} from "./model.ts";
import { compilePropertyFilter, filterIsUsable } from "./operators.ts";
import type {
  JsonValue,
  RawCondition,
  RawFlagDefinition,
  RawPropertyFilter,
  RawPropertyGroup,
  RawVariant,
  UnresolvedReason,
} from "./types.ts";
import { SERVER_ONLY, UNSUPPORTED, type Unresolved } from "./unresolved.ts";

/** @internal What compiling one load needs. */
export interface CompileScope {
  readonly raw: ReadonlyMap<string, RawFlagDefinition>;
  readonly filteredOut: ReadonlySet<string>;
  readonly groupTypeMapping: Readonly<Record<string, string>>;
  readonly rawCohorts: Readonly<Record<string, RawPropertyGroup>>;
  readonly cohorts: Map<string, CompiledGroup | Unresolved>;
  readonly matchingVersion: number | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Compiles every cohort of the load (each once; a reference back into a cohort still being
 * compiled is a cycle, left to PostHog).
 *
 * @internal
 */
export function compileCohorts(scope: CompileScope): void {
  for (const id of Object.keys(scope.rawCohorts)) cohortById(id, scope, new Set());
}

function cohortById(
  id: string,
  scope: CompileScope,
  stack: Set<string>,
): CompiledGroup | Unresolved {
  if (!Object.hasOwn(scope.rawCohorts, id)) return SERVER_ONLY; // a static cohort: only PostHog knows
  const known = scope.cohorts.get(id);
  if (known !== undefined) return known;
  if (stack.has(id)) return SERVER_ONLY;
  stack.add(id);
  const group = compileGroup(scope.rawCohorts[id], scope, stack);
  stack.delete(id);
  scope.cohorts.set(id, group);
  return group;
}

function compileGroup(raw: unknown, scope: CompileScope, stack: Set<string>): CompiledGroup {
  if (!isObject(raw) || Object.keys(raw).length === 0) return { kind: "always" };
  const type = raw.type === "property" ? "AND" : raw.type;
  if (type !== "AND" && type !== "OR") return { kind: "server" };
  const and = type === "AND";
  const values = raw.values;
  if (values === undefined || values === null || (Array.isArray(values) && values.length === 0)) {
    return { kind: "empty", and };
  }
  if (!Array.isArray(values) || !values.every(isObject)) return { kind: "server" };
  if ("values" in (values[0] as object)) {
    return {
      kind: "groups",
      and,
      groups: values.map((value) => compileGroup(value, scope, stack)),
    };
  }
  return {
    kind: "filters",
    and,
    filters: values.map((value) => ({
      filter: compileFilter(value as RawPropertyFilter, scope, stack),
      negation: Boolean((value as RawPropertyFilter).negation),
    })),
  };
}

function compileDependency(raw: RawPropertyFilter, scope: CompileScope): CompiledDependency {
  const target = String(raw.key);
  const chain = raw.dependency_chain;
  let compiled: readonly string[] | Unresolved = UNSUPPORTED;
  if ("dependency_chain" in raw && Array.isArray(chain) && chain.length > 0) {
    const keys = chain.map(String);
    // A dependency with no definition outranks one that is only undecided.
    if (keys.every((key) => scope.raw.has(key) || scope.filteredOut.has(key))) compiled = keys;
  }
  return { target, chain: compiled, expected: raw.value };
}

function compileFilter(
  raw: RawPropertyFilter,
  scope: CompileScope,
  stack: Set<string>,
): CompiledFilter {
  if (raw.type === "cohort") {
    return {
      kind: "cohort",
      group: cohortById(String(raw.value), scope, stack),
      negate: raw.operator === "not_in",
    };
  }
  if (raw.type === "flag") return { kind: "flag", dependency: compileDependency(raw, scope) };
  return {
    kind: "property",
    match: compilePropertyFilter(String(raw.key), raw.operator, raw.value, scope.matchingVersion),
  };
}

function parsePayload(raw: unknown): JsonValue {
  if (typeof raw !== "string") return raw as JsonValue;
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return raw;
  }
}

function compileCondition(
  raw: RawCondition,
  flagAggregation: unknown,
  variantKeys: ReadonlySet<string>,
  scope: CompileScope,
): CompiledCondition {
  const properties = Array.isArray(raw.properties) ? raw.properties : [];
  const rollout = raw.rollout_percentage;
  const conditionAggregation = raw.aggregation_group_type_index;
  const overrides =
    conditionAggregation !== undefined &&
    conditionAggregation !== null &&
    conditionAggregation !== flagAggregation;
  const groupName = overrides ? scope.groupTypeMapping[String(conditionAggregation)] : undefined;
  return {
    filters: properties
      .filter(isObject)
      .map((property) => compileFilter(property, scope, new Set())),
    threshold: rollout === undefined || rollout === null ? undefined : Number(rollout) / 100,
    variant: raw.variant && variantKeys.has(raw.variant) ? raw.variant : undefined,
    override: overrides ? { groupName: groupName ? groupName : undefined } : undefined,
  };
}

function compileHoldout(raw: unknown): CompiledFlag["holdout"] {
  if (!isObject(raw) || raw.id === undefined || raw.id === null) return undefined;
  if (raw.exclusion_percentage === undefined || raw.exclusion_percentage === null) return undefined;
  const percentage = Number(raw.exclusion_percentage);
  // PostHog reads this field as a float and rejects other values: no holdout, not everyone held out.
  if (!Number.isFinite(percentage)) return undefined;
  const clamped = Math.min(Math.max(percentage, 0), 100);
  return {
    variant: `holdout-${raw.id}`,
    threshold: clamped === 100 ? Number.POSITIVE_INFINITY : clamped / 100,
  };
}

/**
 * Compiles one flag.
 *
 * @internal
 */
export function compileFlag(raw: RawFlagDefinition, scope: CompileScope): CompiledFlag {
  const filters = raw.filters ?? {};
  const aggregation = filters.aggregation_group_type_index;
  const grouped = aggregation !== undefined && aggregation !== null;
  const mapped = grouped ? scope.groupTypeMapping[String(aggregation)] : undefined;
  const variantList = (
    Array.isArray(filters.multivariate?.variants) ? filters.multivariate.variants : []
  ).filter((variant): variant is RawVariant => isObject(variant));
  const variants: { key: string; min: number; max: number }[] = [];
  let min = 0;
  for (const variant of variantList) {
    const max = min + Number(variant.rollout_percentage) / 100;
    variants.push({ key: variant.key, min, max });
    min = max;
  }
  const variantKeys = new Set(variantList.map((variant) => variant.key));
  const payloads = new Map<string, JsonValue>();
  if (isObject(filters.payloads)) {
    for (const [key, value] of Object.entries(filters.payloads)) {
      if (value) payloads.set(key, parsePayload(value));
    }
  }
  const runtime =
    raw.evaluation_runtime === "client" || raw.evaluation_runtime === "server"
      ? raw.evaluation_runtime
      : "all";
  const conditions = (Array.isArray(filters.groups) ? filters.groups : [])
    .filter(isObject)
    .map((condition) => compileCondition(condition, aggregation, variantKeys, scope));
  return {
    key: String(raw.key),
    id: typeof raw.id === "number" ? raw.id : undefined,
    active: Boolean(raw.active),
    hasExperiment: typeof raw.has_experiment === "boolean" ? raw.has_experiment : undefined,
    continuity: Boolean(raw.ensure_experience_continuity),
    grouped,
    groupName: mapped ? mapped : undefined,
    deviceBucketing: raw.bucketing_identifier === "device_id",
    holdout: compileHoldout(filters.holdout),
    conditions,
    variants,
    earlyExit: Boolean(filters.early_exit),
    payloads,
    definitionReason: definitionReason(raw, grouped && !mapped, scope),
    serverRuntime: runtime !== "client",
    runtime,
  };
}

/** posthog-node's `getDefinitionUnresolvedReason`: the reason known from the definition alone. */
function definitionReason(
  raw: RawFlagDefinition,
  unknownGroupType: boolean,
  scope: CompileScope,
): UnresolvedReason | undefined {
  if (!raw.active) return undefined;
  if (raw.ensure_experience_continuity) return "experience_continuity";
  if (unknownGroupType) return "unsupported_definition";
  const conditions = Array.isArray(raw.filters?.groups) ? raw.filters.groups : [];
  const unsupported = conditions.some(
    (condition) =>
      isObject(condition) &&
      Array.isArray(condition.properties) &&
      condition.properties.some(
        (property) => isObject(property) && propertyUnsupported(property, scope, new Set()),
      ),
  );
  return unsupported ? "unsupported_definition" : undefined;
}

function propertyUnsupported(
  property: RawPropertyFilter,
  scope: CompileScope,
  visited: Set<string>,
): boolean {
  if (property.type === "flag") {
    const chain = property.dependency_chain;
    if (!Array.isArray(chain) || chain.length === 0) return true;
    return chain.some((key) => !scope.raw.has(String(key)) && !scope.filteredOut.has(String(key)));
  }
  if (property.type !== "cohort") return !filterIsUsable(property.operator, property.value);
  const id = String(property.value);
  if (!Object.hasOwn(scope.rawCohorts, id)) return true;
  if (visited.has(id)) return false;
  visited.add(id);
  return groupUnsupported(scope.rawCohorts[id], scope, visited);
}

function groupUnsupported(group: unknown, scope: CompileScope, visited: Set<string>): boolean {
  const values = isObject(group) && Array.isArray(group.values) ? group.values : [];
  return values.some((value) =>
    !isObject(value)
      ? false
      : "values" in value
        ? groupUnsupported(value, scope, visited)
        : propertyUnsupported(value as RawPropertyFilter, scope, visited),
  );
}
