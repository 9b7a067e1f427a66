/**
 * The flag definitions both evaluators run on, in the shape of PostHog's
 * `/api/feature_flag/local_evaluation` answer: a repeating mix of full rollouts, person
 * property matches (exact, icontains, gte), partial rollouts (hashing) and multivariate
 * flags, and the person the flags are evaluated for.
 */

type Filters = Record<string, unknown>;

function filtersFor(k: number): Filters {
  switch (k % 5) {
    case 0:
      return { groups: [{ properties: [], rollout_percentage: 100 }] };
    case 1:
      return {
        groups: [
          {
            properties: [
              { key: "plan", value: ["pro", "enterprise"], operator: "exact", type: "person" },
            ],
            rollout_percentage: 100,
          },
        ],
      };
    case 2:
      return { groups: [{ properties: [], rollout_percentage: 30 }] };
    case 3:
      return {
        groups: [
          {
            properties: [
              { key: "email", value: "@example.com", operator: "icontains", type: "person" },
            ],
            rollout_percentage: 50,
          },
        ],
      };
    default:
      return {
        groups: [
          {
            properties: [{ key: "age", value: 18, operator: "gte", type: "person" }],
            rollout_percentage: 100,
          },
        ],
        multivariate: {
          variants: [
            { key: "control", rollout_percentage: 50 },
            { key: "test", rollout_percentage: 50 },
          ],
        },
      };
  }
}

/** The local-evaluation answer with `count` flags. */
export function localEvaluationBody(count: number): Record<string, unknown> {
  const flags = Array.from({ length: count }, (_, k) => ({
    id: k + 1,
    name: `Bench flag ${k}`,
    key: `bench-flag-${k}`,
    active: true,
    deleted: false,
    ensure_experience_continuity: false,
    filters: filtersFor(k),
  }));
  return { flags, group_type_mapping: {}, cohorts: {} };
}

/** The person the flags are evaluated for. */
export const PERSON = {
  distinctId: "user-42",
  properties: { plan: "pro", email: "ada@example.com", age: 36 },
} as const;
