/**
 * fast-check arbitraries for the differential test: random flag definitions (rollouts,
 * variants, payloads, holdouts, early exit, group and mixed targeting, device-id
 * bucketing, property filters with every operator, cohorts, flag dependencies with
 * PostHog's dependency chains) and random users. Values for filters and for users come
 * from shared pools, so filters match often enough to test something. Dependencies only
 * point at earlier flags, and cohorts only at the two base flags, which never use cohorts:
 * posthog-node never returns on a real cycle, so the test must not build one.
 */
import fc from "fast-check";

export const GROUP_TYPE_MAPPING = { "0": "company", "1": "team" } as const;

const PROPERTY_KEYS = [
  "email",
  "plan",
  "age",
  "version",
  "signup",
  "tags",
  "distinct_id",
  "$device_id",
];

export const VALUE_POOL: unknown[] = [
  "alice@example.com",
  "BOB@Example.COM",
  "pro",
  "Pro",
  "free",
  "enterprise",
  "",
  "true",
  "false",
  "TRUE",
  "null",
  "1.2.3",
  "v2.0.0",
  "1.10.0",
  "0.0.3",
  "01.2.3",
  "2025-01-01",
  "2025-06-01T00:00:00Z",
  "2024-12-31T23:59:59Z",
  "not a date",
  "10",
  "9.5",
  "abc",
  "caf\u00e9",
  "line\rbreak",
  "user-1",
  "device-1",
  0,
  1,
  10,
  9.5,
  -3.25,
  1.5,
  1735689600000,
  true,
  false,
  null,
  ["pro", "free"],
  [true],
  [],
  ["1.2.3"],
  { a: 1.5 },
];

/** Filter values per kind of operator. */
export const FILTER_POOLS: Record<string, unknown[]> = {
  exact: VALUE_POOL,
  text: ["example", "EX", "pro", "@", "1.", "", "alice", 1.5, "com", "caf", null],
  regex: [
    "^a",
    ".*@example\\.com$",
    "[0-9]+",
    "^pro$",
    "\\bpro",
    "(?=x)",
    "(?i)pro",
    "",
    "[",
    "caf\u00e9",
    "a{2}",
    "x*+",
    "^(free|pro)$",
    "[\\s-9]",
    "\\d+\\.\\d+",
    "^$",
  ],
  compare: [0, 5, 9.5, "10", "abc", "2025-01-01", -1, "1.2.3"],
  date: [
    "-7d",
    "-2m",
    "-1y",
    "3h",
    "-1w",
    "2025-01-01",
    "2024-06-15T12:00:00Z",
    "bad",
    1735689600000,
    true,
    "10000d",
  ],
  semver: ["1.2.3", "v2.0", "1.2.*", "1.*", "01.2", "abc", "0.0.3", "0.2.3", "1.2", "*"],
};

const FILTER_VALUES: Record<string, fc.Arbitrary<unknown>> = Object.fromEntries(
  Object.entries(FILTER_POOLS).map(([kind, pool]) => [
    kind,
    kind === "exact"
      ? fc.oneof(
          fc.constantFrom(...pool),
          fc.array(fc.constantFrom(...pool), { minLength: 1, maxLength: 3 }),
        )
      : fc.constantFrom(...pool),
  ]),
);

export const OPERATORS: [string, string][] = [
  ["exact", "exact"],
  ["is_not", "exact"],
  ["is_set", "exact"],
  ["is_not_set", "exact"],
  ["icontains", "text"],
  ["not_icontains", "text"],
  ["starts_with", "text"],
  ["not_starts_with", "text"],
  ["ends_with", "text"],
  ["not_ends_with", "text"],
  ["regex", "regex"],
  ["not_regex", "regex"],
  ["gt", "compare"],
  ["gte", "compare"],
  ["lt", "compare"],
  ["lte", "compare"],
  ["is_date_before", "date"],
  ["is_date_after", "date"],
  ["semver_eq", "semver"],
  ["semver_neq", "semver"],
  ["semver_gt", "semver"],
  ["semver_gte", "semver"],
  ["semver_lt", "semver"],
  ["semver_lte", "semver"],
  ["semver_tilde", "semver"],
  ["semver_caret", "semver"],
  ["semver_wildcard", "semver"],
  ["flux_capacitor", "exact"],
];

/** Values that make sense for each key, so filters and users meet often. */
export const KEY_POOLS: Record<string, unknown[]> = {
  email: [
    "alice@example.com",
    "BOB@Example.COM",
    "",
    null,
    "carol@test.io",
    "caf\u00e9@example.com",
  ],
  plan: ["pro", "Pro", "free", "enterprise", "true", "false", true, false, null],
  age: [0, 1, 10, 9.5, "10", "abc", -3.25, 1.5, "9.5"],
  version: ["1.2.3", "v2.0.0", "1.10.0", "0.0.3", "01.2.3", "abc", 1.5, "1.2", "0.2.9"],
  signup: [
    "2025-01-01",
    "2025-06-01T00:00:00Z",
    "2024-12-31T23:59:59Z",
    "not a date",
    1735689600000,
    "2025-06-10",
    true,
  ],
  tags: [["pro", "free"], [true], [], ["1.2.3"], { a: 1.5 }, "pro", [false, "FALSE"]],
  distinct_id: ["user-1", "user-2", "42", "alice@example.com"],
  $device_id: ["device-1", "", null, 7, "device-2"],
};

const valueFor = (key: string): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(KEY_POOLS[key] as unknown[])) },
    { weight: 1, arbitrary: fc.constantFrom(...VALUE_POOL) },
  );

const propertyFilter: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.constantFrom(...OPERATORS),
    fc.constantFrom(...PROPERTY_KEYS),
    fc.boolean(),
    fc.constantFrom("person", "group"),
  )
  .chain(([[operator, values], key, omitOperator, type]) =>
    fc
      .oneof(
        { weight: 2, arbitrary: FILTER_VALUES[values] as fc.Arbitrary<unknown> },
        { weight: 2, arbitrary: valueFor(key) },
        {
          weight: values === "exact" ? 1 : 0,
          arbitrary: fc.array(valueFor(key), { minLength: 1, maxLength: 3 }),
        },
      )
      .map((value) => ({
        key,
        value,
        type,
        ...(omitOperator && operator === "exact" ? {} : { operator }),
      })),
  );

/** A placeholder for a dependency on an earlier flag, resolved into a chain afterwards. */
interface DependencyPlaceholder {
  readonly type: "flag";
  readonly dependsOn: number;
  readonly value: unknown;
  readonly chainShape: "proper" | "empty" | "missing-key" | "absent";
}

const dependency = (maxIndex: number): fc.Arbitrary<DependencyPlaceholder> =>
  fc.record({
    type: fc.constant("flag" as const),
    dependsOn: fc.integer({ min: 0, max: maxIndex }),
    value: fc.constantFrom(true, false, "control", "test", "holdout-7", 1),
    chainShape: fc.constantFrom(
      "proper",
      "proper",
      "proper",
      "proper",
      "empty",
      "missing-key",
      "absent",
    ),
  });

const cohortFilter = fc.record({
  type: fc.constant("cohort"),
  value: fc.constantFrom(1, 2, 3, "4", 99),
  operator: fc.constantFrom("in", "in", "not_in"),
});

const rollout = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(0),
  fc.constant(100),
  fc.integer({ min: 0, max: 100 }),
  fc.double({ min: 0, max: 100, noNaN: true }),
  fc.constant(0.1),
);

const variantsArb = fc
  .array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 4 })
  .chain((weights) =>
    fc.boolean().map((exact) => {
      const total = weights.reduce((a, b) => a + b, 0);
      const names = ["control", "test", "third", "fourth"];
      return weights.map((weight, i) => ({
        key: names[i] as string,
        rollout_percentage: exact ? (weight * 100) / total : weight / 2,
      }));
    }),
  );

const payloadValue = fc.constantFrom(
  '{"copy":"new"}',
  "[1,2]",
  "plain text",
  '"quoted"',
  "0",
  "",
  7,
  { a: 1 },
);

/** One flag in the making; filters may hold dependency placeholders. */
interface FlagDraft {
  key: string;
  active: boolean;
  ensure_experience_continuity: boolean;
  bucketing_identifier?: string;
  has_experiment?: boolean;
  evaluation_runtime?: string;
  filters: Record<string, unknown> & { groups: { properties: unknown[] }[] };
}

const flagDraft = (index: number): fc.Arbitrary<FlagDraft> => {
  const base = index < 2;
  const filter: fc.Arbitrary<unknown> = base
    ? index === 0
      ? propertyFilter
      : fc.oneof({ weight: 4, arbitrary: propertyFilter }, { weight: 1, arbitrary: dependency(0) })
    : fc.oneof(
        { weight: 6, arbitrary: propertyFilter },
        { weight: 2, arbitrary: cohortFilter },
        { weight: 2, arbitrary: dependency(index - 1) },
      );
  const condition = fc.record(
    {
      properties: fc.array(filter, { maxLength: 4 }),
      rollout_percentage: rollout,
      variant: fc.constantFrom(undefined, null, "control", "test", "nope"),
      aggregation_group_type_index: fc.constantFrom(undefined, undefined, undefined, null, 0, 1, 2),
    },
    { requiredKeys: ["properties"] },
  );
  return fc
    .record({
      active: fc.constantFrom(true, true, true, true, false),
      ensure_experience_continuity: fc.constantFrom(false, false, false, false, false, false, true),
      bucketing_identifier: fc.constantFrom(
        undefined,
        undefined,
        undefined,
        "distinct_id",
        "device_id",
      ),
      has_experiment: fc.constantFrom(undefined, true, false),
      evaluation_runtime: fc.constantFrom(undefined, "all", "server", "client"),
      aggregation: fc.constantFrom(undefined, undefined, undefined, undefined, null, 0, 1, 2),
      groups: fc.array(condition, { maxLength: 3 }),
      variants: fc.option(variantsArb, { freq: 2 }),
      payloads: fc.dictionary(
        fc.constantFrom("true", "control", "test", "holdout-7"),
        payloadValue,
        { maxKeys: 3 },
      ),
      holdout: fc.option(
        fc.record({
          id: fc.constant(7),
          exclusion_percentage: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(100)),
        }),
        { freq: 8 },
      ),
      early_exit: fc.constantFrom(undefined, false, true),
    })
    .map((draft) => {
      const filters: FlagDraft["filters"] = {
        groups: draft.groups as FlagDraft["filters"]["groups"],
      };
      if (draft.aggregation !== undefined) filters.aggregation_group_type_index = draft.aggregation;
      if (draft.variants !== null) filters.multivariate = { variants: draft.variants };
      filters.payloads = draft.payloads;
      if (draft.holdout !== null) filters.holdout = draft.holdout;
      if (draft.early_exit !== undefined) filters.early_exit = draft.early_exit;
      const flag: FlagDraft = {
        key: `f${index}`,
        active: draft.active,
        ensure_experience_continuity: draft.ensure_experience_continuity,
        filters,
      };
      if (draft.bucketing_identifier !== undefined)
        flag.bucketing_identifier = draft.bucketing_identifier;
      if (draft.has_experiment !== undefined) flag.has_experiment = draft.has_experiment;
      if (draft.evaluation_runtime !== undefined)
        flag.evaluation_runtime = draft.evaluation_runtime;
      return flag;
    });
};

const cohortLeaf: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 5,
    arbitrary: propertyFilter.chain((f) => fc.boolean().map((negation) => ({ ...f, negation }))),
  },
  { weight: 1, arbitrary: dependency(1) },
);

const cohortArb = (id: number): fc.Arbitrary<unknown> => {
  const leaves = fc.array(
    id > 1
      ? fc.oneof(
          { weight: 4, arbitrary: cohortLeaf },
          {
            weight: 1,
            arbitrary: fc.record({
              type: fc.constant("cohort"),
              value: fc.oneof(fc.integer({ min: 1, max: id - 1 }), fc.constant(99)),
              negation: fc.boolean(),
            }),
          },
        )
      : cohortLeaf,
    { maxLength: 3 },
  );
  const type = fc.constantFrom("AND", "OR", "property", "AND", "OR", "XOR");
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 4, arbitrary: fc.record({ type, values: leaves }) },
    {
      weight: 3,
      arbitrary: fc.record({
        type,
        values: fc.array(fc.record({ type, values: leaves }), { minLength: 1, maxLength: 2 }),
      }),
    },
  );
};

function resolveDependencies(value: unknown, flags: FlagDraft[]): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveDependencies(v, flags));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (record.type === "flag" && "dependsOn" in record) {
    const placeholder = record as unknown as DependencyPlaceholder;
    const target = `f${placeholder.dependsOn}`;
    const out: Record<string, unknown> = {
      type: "flag",
      key: target,
      operator: "flag_evaluates_to",
      value: placeholder.value,
    };
    if (placeholder.chainShape === "proper")
      out.dependency_chain = chainOf(placeholder.dependsOn, flags);
    if (placeholder.chainShape === "empty") out.dependency_chain = [];
    if (placeholder.chainShape === "missing-key") out.dependency_chain = ["does-not-exist", target];
    return out;
  }
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [k, resolveDependencies(v, flags)]),
  );
}

/** PostHog's dependency chain: every flag `index` depends on, in evaluation order, then itself. */
function chainOf(index: number, flags: FlagDraft[], seen = new Set<number>()): string[] {
  const chain: string[] = [];
  const visit = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    const deps = JSON.stringify(flags[i]?.filters.groups ?? []).matchAll(/"dependsOn":(\d+)/g);
    for (const match of deps) visit(Number(match[1]));
    chain.push(`f${i}`);
  };
  visit(index);
  return chain;
}

/** A random `/flags/definitions` body. */
export const definitionsArb = fc
  .tuple(
    fc
      .integer({ min: 2, max: 10 })
      .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => flagDraft(i)))),
    fc.tuple(cohortArb(1), cohortArb(2), cohortArb(3), cohortArb(4)),
    fc.constantFrom(undefined, 2),
  )
  .map(([drafts, cohorts, matchingVersion]) => {
    const flags = drafts.map((flag) => resolveDependencies(flag, drafts));
    const payload: Record<string, unknown> = {
      flags: flags.map((flag, i) => ({ id: i + 1, ...(flag as object) })),
      group_type_mapping: GROUP_TYPE_MAPPING,
      cohorts: Object.fromEntries(
        cohorts.map((cohort, i) => [String(i + 1), resolveDependencies(cohort, drafts)]),
      ),
    };
    if (matchingVersion !== undefined) payload.property_matching_version = matchingVersion;
    return payload;
  });

const propertiesArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    ...PROPERTY_KEYS.map((key) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant<unknown>("absent") },
        { weight: 10, arbitrary: valueFor(key).map((value) => ({ value })) },
        { weight: 1, arbitrary: fc.constant({ value: undefined }) },
      ),
    ),
  )
  .map((entries) => {
    const properties: Record<string, unknown> = {};
    entries.forEach((entry, i) => {
      if (entry !== "absent")
        properties[PROPERTY_KEYS[i] as string] = (entry as { value: unknown }).value;
    });
    return properties;
  });

/** A user: distinct id, groups and properties, as posthog-node's options take them. */
export interface UserInput {
  readonly distinctId: string;
  readonly groups?: Record<string, string | number>;
  readonly personProperties?: Record<string, unknown>;
  readonly groupProperties?: Record<string, Record<string, unknown>>;
}

export const userArb: fc.Arbitrary<UserInput> = fc.record(
  {
    distinctId: fc.oneof(
      fc.constantFrom("user-1", "user-2", "alice@example.com", "42"),
      fc.string({ minLength: 1, maxLength: 8 }),
    ),
    groups: fc.dictionary(
      fc.constantFrom("company", "team", "other"),
      fc.constantFrom("acme", "globex", "initech", 42),
      {
        maxKeys: 3,
      },
    ),
    personProperties: propertiesArb,
    groupProperties: fc.dictionary(fc.constantFrom("company", "team", "other"), propertiesArb, {
      maxKeys: 3,
    }),
  },
  { requiredKeys: ["distinctId"] },
);
