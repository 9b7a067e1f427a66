/**
 * The local evaluator on its own: the scenarios of PostHog's local-feature-flag-evaluator
 * specification, each operator family, cohorts, dependencies (cycles included, which
 * posthog-node cannot survive), groups, device-id bucketing, holdouts, early exit.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { compileFlagDefinitions } from "../../src/flags/definitions.ts";
import {
  createEvaluationContext,
  type EvaluationInput,
  evaluateFlagLocally,
  evaluateFlagsLocally,
} from "../../src/flags/evaluate.ts";
import type {
  FlagDefinitionsPayload,
  RawFlagDefinition,
  RawPropertyFilter,
} from "../../src/flags/types.ts";

const NOW = Date.parse("2025-01-01T00:00:00Z");

/** PostHog's hash, written out independently of the code under test. */
function hash(key: string, id: string, salt = ""): number {
  const hex = createHash("sha1").update(`${key}.${id}${salt}`).digest("hex");
  return Number.parseInt(hex.slice(0, 15), 16) / 2 ** 60; // 0xfffffffffffffff as a double
}

function idWhere(key: string, predicate: (h: number) => boolean): string {
  for (let i = 0; i < 1_000_000; i++) {
    if (predicate(hash(key, `user-${i}`))) return `user-${i}`;
  }
  throw new Error("no such id");
}

function flag(
  key: string,
  filters: NonNullable<RawFlagDefinition["filters"]>,
  extra: Partial<RawFlagDefinition> = {},
): RawFlagDefinition {
  return { id: 1, key, active: true, filters, ...extra };
}

function person(key: string, operator: string, value: unknown): RawPropertyFilter {
  return { key, operator, value, type: "person" };
}

function evaluate(
  payload: FlagDefinitionsPayload | readonly RawFlagDefinition[],
  key: string,
  distinctId = "user-123",
  input: EvaluationInput = {},
) {
  const definitions = compileFlagDefinitions(
    Array.isArray(payload) ? { flags: payload } : (payload as FlagDefinitionsPayload),
  );
  return evaluateFlagLocally(definitions, key, createEvaluationContext(distinctId, input, NOW));
}

function outcomeOf(result: ReturnType<typeof evaluate>): unknown {
  return result.kind === "resolved"
    ? result.value
    : result.kind === "inconclusive"
      ? `inconclusive:${result.reason}`
      : "missing";
}

describe("local evaluation (specification scenarios)", () => {
  it("returns true for a matching active boolean flag", () => {
    expect(
      outcomeOf(evaluate([flag("beta-ui", { groups: [{ rollout_percentage: 100 }] })], "beta-ui")),
    ).toBe(true);
  });

  it("returns a variant for a matching multivariate flag", () => {
    const checkout = flag("checkout", {
      groups: [{ rollout_percentage: 100, variant: "blue" }],
      multivariate: {
        variants: [
          { key: "blue", rollout_percentage: 50 },
          { key: "red", rollout_percentage: 50 },
        ],
      },
    });
    expect(outcomeOf(evaluate([checkout], "checkout"))).toBe("blue");
  });

  it("is inconclusive for a group flag evaluated without its group type known", () => {
    const payload = {
      flags: [
        flag("company-beta", {
          aggregation_group_type_index: 0,
          groups: [{ rollout_percentage: 100 }],
        }),
      ],
    };
    expect(outcomeOf(evaluate(payload, "company-beta"))).toBe(
      "inconclusive:unsupported_definition",
    );
  });

  it("is false for a group flag when the call names no group of its type", () => {
    const payload = {
      flags: [
        flag("company-beta", {
          aggregation_group_type_index: 0,
          groups: [{ rollout_percentage: 100 }],
        }),
      ],
      group_type_mapping: { "0": "company" },
    };
    expect(outcomeOf(evaluate(payload, "company-beta"))).toBe(false);
    expect(outcomeOf(evaluate(payload, "company-beta", "u", { groups: { company: "acme" } }))).toBe(
      true,
    );
  });

  it("resolves the payload of the matched value", () => {
    const checkout = flag("checkout", {
      groups: [{ rollout_percentage: 100, variant: "blue" }],
      multivariate: { variants: [{ key: "blue", rollout_percentage: 100 }] },
      payloads: { blue: '{"copy":"new"}', true: '"unused"' },
    });
    expect(evaluate([checkout], "checkout")).toEqual({
      kind: "resolved",
      value: "blue",
      payload: { copy: "new" },
    });
  });

  it("matches starts_with case-insensitively, and is inconclusive without the property", () => {
    const enterprise = flag("enterprise-ui", {
      groups: [{ properties: [person("email", "starts_with", "admin@")] }],
    });
    expect(
      outcomeOf(
        evaluate([enterprise], "enterprise-ui", "u", {
          personProperties: { email: "Admin@Example.com" },
        }),
      ),
    ).toBe(true);
    expect(outcomeOf(evaluate([enterprise], "enterprise-ui", "u"))).toBe(
      "inconclusive:missing_context",
    );
  });

  it("defers only the flag with an unknown operator", () => {
    const definitions = compileFlagDefinitions({
      flags: [
        flag("future-op-flag", {
          groups: [{ properties: [person("plan", "quantum_superposition", "x")] }],
        }),
        flag("beta-ui", { groups: [{ rollout_percentage: 100 }] }),
      ],
    });
    const result = evaluateFlagsLocally(
      definitions,
      createEvaluationContext("user-123", { personProperties: { plan: "enterprise" } }, NOW),
    );
    expect(result.inconclusive.get("future-op-flag")).toBe("unsupported_definition");
    expect(result.values.get("beta-ui")?.value).toBe(true);
    expect(result.fallbackToRemote).toBe(true);
  });

  it("treats a fractional rollout as a float: 0.1 % matches only its bucket", () => {
    const key = "fractional-rollout";
    const inside = idWhere(key, (h) => h <= 0.001);
    const outside = idWhere(key, (h) => h > 0.001 && h < 0.01);
    const definitions = [flag(key, { groups: [{ rollout_percentage: 0.1 }] })];
    expect(outcomeOf(evaluate(definitions, key, inside))).toBe(true);
    expect(outcomeOf(evaluate(definitions, key, outside))).toBe(false);
  });

  it("keeps 100.0 for everyone and 0.0 for no one", () => {
    const definitions = [
      flag("boundary-rollout", { groups: [{ rollout_percentage: 100.0 }] }),
      flag("zero-rollout", { groups: [{ rollout_percentage: 0.0 }] }),
    ];
    for (const id of ["a", "b", "user-7", "42"]) {
      expect(outcomeOf(evaluate(definitions, "boundary-rollout", id))).toBe(true);
      expect(outcomeOf(evaluate(definitions, "zero-rollout", id))).toBe(false);
    }
  });
});

describe("local evaluation of property operators", () => {
  const cases: [string, unknown, unknown, unknown][] = [
    ["exact", "Pro", "pro", true],
    ["exact", ["free", "pro"], "PRO", true],
    ["exact", "true", true, true],
    ["exact", 5, 5, "inconclusive:unsupported_definition"],
    ["is_not", "pro", "free", true],
    ["is_set", "", "anything", true],
    ["is_not_set", "", "anything", false],
    ["icontains", "EXAMPLE", "bob@example.com", true],
    ["not_icontains", "example", "bob@example.com", false],
    ["ends_with", ".COM", "bob@example.com", true],
    ["not_ends_with", ".com", "bob@example.com", false],
    ["not_starts_with", "bob", "bob@example.com", false],
    ["regex", "^bob@.*\\.com$", "bob@example.com", true],
    ["not_regex", "^bob", "alice", true],
    ["regex", "(?=x)", "x", "inconclusive:unsupported_definition"],
    ["regex", "[", "x", false],
    ["gt", 10, 11, true],
    ["gte", "10", 10, true],
    ["lt", 10, "9.5", true],
    ["lte", "abc", "abd", false],
    ["is_date_before", "2025-06-01", "2024-12-31T23:00:00Z", true],
    ["is_date_after", "-7d", "2024-12-30T00:00:00Z", true],
    ["is_date_after", "-1m", "2024-11-30T00:00:00Z", false],
    ["is_date_before", "not a date", "2024-01-01", "inconclusive:unsupported_definition"],
    ["is_date_before", "2025-06-01", "not a date", "inconclusive:missing_context"],
    ["semver_eq", "1.2.3", "v1.2.3", true],
    ["semver_gt", "1.2.3", "1.10.0", true],
    ["semver_lt", "1.2.3", "1.2.3-beta", false],
    ["semver_tilde", "1.2.3", "1.2.9", true],
    ["semver_tilde", "1.2.3", "1.3.0", false],
    ["semver_caret", "0.2.3", "0.2.9", true],
    ["semver_caret", "0.2.3", "0.3.0", false],
    ["semver_wildcard", "1.2.*", "1.2.99", true],
    ["semver_wildcard", "1.*", "2.0.0", false],
    ["semver_eq", "01.2", "1.2.0", "inconclusive:unsupported_definition"],
    ["semver_eq", "1.2.0", "not a version", "inconclusive:missing_context"],
  ];

  it.each(cases)("%s %j against %j is %j", (operator, value, actual, expected) => {
    const definitions = [flag("f", { groups: [{ properties: [person("p", operator, value)] }] })];
    expect(outcomeOf(evaluate(definitions, "f", "u", { personProperties: { p: actual } }))).toBe(
      expected,
    );
  });

  it('compares null as the text "null" for text operators and as no match otherwise', () => {
    const definitions = [
      flag("text", { groups: [{ properties: [person("p", "exact", "null")] }] }),
      flag("number", { groups: [{ properties: [person("p", "gt", 1)] }] }),
    ];
    expect(outcomeOf(evaluate(definitions, "text", "u", { personProperties: { p: null } }))).toBe(
      true,
    );
    expect(outcomeOf(evaluate(definitions, "number", "u", { personProperties: { p: null } }))).toBe(
      false,
    );
  });

  it("reads distinct_id as a person property", () => {
    const definitions = [
      flag("f", { groups: [{ properties: [person("distinct_id", "exact", "user-9")] }] }),
    ];
    expect(outcomeOf(evaluate(definitions, "f", "user-9"))).toBe(true);
    expect(outcomeOf(evaluate(definitions, "f", "user-8"))).toBe(false);
  });

  it("turns off the legacy truthy matching of exact with property_matching_version 2", () => {
    const flags = [flag("f", { groups: [{ properties: [person("p", "exact", "false")] }] })];
    expect(outcomeOf(evaluate({ flags }, "f", "u", { personProperties: { p: "pro" } }))).toBe(true);
    expect(
      outcomeOf(
        evaluate({ flags, property_matching_version: 2 }, "f", "u", {
          personProperties: { p: "pro" },
        }),
      ),
    ).toBe(false);
  });
});

describe("local evaluation of cohorts", () => {
  const cohorts = {
    "1": {
      type: "OR",
      values: [
        {
          type: "AND",
          values: [
            person("plan", "exact", "pro"),
            { ...person("country", "exact", "FR"), negation: true },
          ],
        },
        { type: "AND", values: [person("age", "gte", 65)] },
      ],
    },
    "2": { type: "AND", values: [{ type: "cohort", value: 1 }, person("beta", "exact", true)] },
  };
  const flags = [
    flag("in-1", { groups: [{ properties: [{ type: "cohort", value: 1, key: "id" }] }] }),
    flag("not-in-1", {
      groups: [{ properties: [{ type: "cohort", value: 1, key: "id", operator: "not_in" }] }],
    }),
    flag("in-2", { groups: [{ properties: [{ type: "cohort", value: "2", key: "id" }] }] }),
    flag("static", { groups: [{ properties: [{ type: "cohort", value: 99, key: "id" }] }] }),
  ];

  it("matches AND/OR groups with negation", () => {
    const payload = { flags, cohorts };
    expect(
      outcomeOf(
        evaluate(payload, "in-1", "u", {
          personProperties: { plan: "pro", country: "DE", age: 30 },
        }),
      ),
    ).toBe(true);
    expect(
      outcomeOf(
        evaluate(payload, "in-1", "u", {
          personProperties: { plan: "pro", country: "FR", age: 30 },
        }),
      ),
    ).toBe(false);
    expect(
      outcomeOf(
        evaluate(payload, "in-1", "u", {
          personProperties: { plan: "free", country: "FR", age: 70 },
        }),
      ),
    ).toBe(true);
    expect(
      outcomeOf(
        evaluate(payload, "not-in-1", "u", {
          personProperties: { plan: "free", country: "FR", age: 20 },
        }),
      ),
    ).toBe(true);
  });

  it("follows a cohort inside a cohort", () => {
    const payload = { flags, cohorts };
    expect(
      outcomeOf(
        evaluate(payload, "in-2", "u", {
          personProperties: { plan: "pro", country: "DE", age: 1, beta: true },
        }),
      ),
    ).toBe(true);
    expect(
      outcomeOf(
        evaluate(payload, "in-2", "u", {
          personProperties: { plan: "pro", country: "DE", age: 1, beta: false },
        }),
      ),
    ).toBe(false);
  });

  it("leaves a cohort it was not sent (a static cohort) to PostHog", () => {
    expect(outcomeOf(evaluate({ flags, cohorts }, "static", "u"))).toBe(
      "inconclusive:unsupported_definition",
    );
  });

  it("leaves a cohort that contains itself to PostHog instead of recursing for ever", () => {
    const cyclic = {
      "1": { type: "AND", values: [{ type: "cohort", value: 2 }] },
      "2": { type: "AND", values: [{ type: "cohort", value: 1 }] },
    };
    expect(outcomeOf(evaluate({ flags, cohorts: cyclic }, "in-1", "u"))).toBe(
      "inconclusive:unsupported_definition",
    );
  });
});

describe("local evaluation of flag dependencies", () => {
  const dependsOn = (key: string, value: unknown, chain: string[]): RawPropertyFilter => ({
    type: "flag",
    key,
    value,
    operator: "flag_evaluates_to",
    dependency_chain: chain,
  });

  it("evaluates the chain and compares the value", () => {
    const flags = [
      flag("base", { groups: [{ properties: [person("plan", "exact", "pro")] }] }),
      flag("child", { groups: [{ properties: [dependsOn("base", true, ["base"])] }] }),
      flag("not-child", { groups: [{ properties: [dependsOn("base", false, ["base"])] }] }),
    ];
    expect(outcomeOf(evaluate(flags, "child", "u", { personProperties: { plan: "pro" } }))).toBe(
      true,
    );
    expect(
      outcomeOf(evaluate(flags, "not-child", "u", { personProperties: { plan: "pro" } })),
    ).toBe(false);
    expect(
      outcomeOf(evaluate(flags, "not-child", "u", { personProperties: { plan: "free" } })),
    ).toBe(true);
  });

  it("matches a variant by name, and any variant as true", () => {
    const flags = [
      flag("ab", {
        groups: [{ rollout_percentage: 100, variant: "test" }],
        multivariate: {
          variants: [
            { key: "control", rollout_percentage: 50 },
            { key: "test", rollout_percentage: 50 },
          ],
        },
      }),
      flag("on-test", { groups: [{ properties: [dependsOn("ab", "test", ["ab"])] }] }),
      flag("on-any", { groups: [{ properties: [dependsOn("ab", true, ["ab"])] }] }),
      flag("on-control", { groups: [{ properties: [dependsOn("ab", "control", ["ab"])] }] }),
    ];
    expect(outcomeOf(evaluate(flags, "on-test"))).toBe(true);
    expect(outcomeOf(evaluate(flags, "on-any"))).toBe(true);
    expect(outcomeOf(evaluate(flags, "on-control"))).toBe(false);
  });

  it("is inconclusive for a circular chain, a missing dependency, or an undecided one", () => {
    const flags = [
      flag("circular", { groups: [{ properties: [dependsOn("circular", true, [])] }] }),
      flag("missing", { groups: [{ properties: [dependsOn("ghost", true, ["ghost"])] }] }),
      flag("needs-email", { groups: [{ properties: [person("email", "exact", "a@b.c")] }] }),
      flag("undecided", {
        groups: [{ properties: [dependsOn("needs-email", true, ["needs-email"])] }],
      }),
    ];
    expect(outcomeOf(evaluate(flags, "circular"))).toBe("inconclusive:unsupported_definition");
    expect(outcomeOf(evaluate(flags, "missing"))).toBe("inconclusive:unsupported_definition");
    expect(outcomeOf(evaluate(flags, "undecided"))).toBe("inconclusive:unresolved_dependency");
  });

  it("detects a cycle hidden in non-empty chains instead of recursing for ever", () => {
    const flags = [
      flag("a", { groups: [{ properties: [dependsOn("b", true, ["b"])] }] }),
      flag("b", { groups: [{ properties: [dependsOn("a", true, ["a"])] }] }),
    ];
    expect(outcomeOf(evaluate(flags, "a"))).toMatch(/^inconclusive:/);
  });

  it("counts a flag dropped by evaluation contexts as false", () => {
    const definitions = compileFlagDefinitions(
      {
        flags: [
          flag(
            "web-only",
            { groups: [{ rollout_percentage: 100 }] },
            { evaluation_contexts: ["web"] },
          ),
          flag("unless-web", {
            groups: [{ properties: [dependsOn("web-only", false, ["web-only"])] }],
          }),
        ],
      },
      { evaluationContexts: ["api"] },
    );
    expect(definitions.has("web-only")).toBe(false);
    expect(
      evaluateFlagLocally(definitions, "unless-web", createEvaluationContext("u", {}, NOW)),
    ).toMatchObject({ value: true });
  });
});

describe("local evaluation of bucketing, holdouts and early exit", () => {
  it("buckets by $device_id when the flag says so, and is inconclusive without one", () => {
    const key = "device-flag";
    const inside = idWhere(key, (h) => h <= 0.5);
    const outside = idWhere(key, (h) => h > 0.5);
    const definitions = [
      flag(key, { groups: [{ rollout_percentage: 50 }] }, { bucketing_identifier: "device_id" }),
    ];
    expect(
      outcomeOf(evaluate(definitions, key, outside, { personProperties: { $device_id: inside } })),
    ).toBe(true);
    expect(
      outcomeOf(evaluate(definitions, key, inside, { personProperties: { $device_id: outside } })),
    ).toBe(false);
    expect(outcomeOf(evaluate(definitions, key, inside))).toBe("inconclusive:missing_context");
  });

  it("holds users out before any condition", () => {
    const definitions = [
      flag("held", {
        groups: [{ rollout_percentage: 100 }],
        holdout: { id: 7, exclusion_percentage: 100 },
        payloads: { "holdout-7": '{"x":1}' },
      }),
    ];
    expect(evaluate(definitions, "held")).toEqual({
      kind: "resolved",
      value: "holdout-7",
      payload: { x: 1 },
    });
  });

  it("stops at the first condition a user is rolled out of when early_exit is set", () => {
    const key = "early";
    const out = idWhere(key, (h) => h > 0.5);
    const conditions = [{ rollout_percentage: 50 }, { rollout_percentage: 100 }];
    expect(outcomeOf(evaluate([flag(key, { groups: conditions })], key, out))).toBe(true);
    expect(
      outcomeOf(evaluate([flag(key, { groups: conditions, early_exit: true })], key, out)),
    ).toBe(false);
  });

  it("is false for an inactive flag, even with experience continuity", () => {
    const definitions = [
      flag(
        "off",
        { groups: [{ rollout_percentage: 100 }] },
        { active: false, ensure_experience_continuity: true },
      ),
    ];
    expect(outcomeOf(evaluate(definitions, "off"))).toBe(false);
  });

  it("leaves experience continuity to PostHog", () => {
    const definitions = [
      flag(
        "sticky",
        { groups: [{ rollout_percentage: 100 }] },
        { ensure_experience_continuity: true },
      ),
    ];
    expect(outcomeOf(evaluate(definitions, "sticky"))).toBe("inconclusive:experience_continuity");
  });

  it("says missing for a key with no definition", () => {
    expect(outcomeOf(evaluate([], "nope"))).toBe("missing");
  });
});
