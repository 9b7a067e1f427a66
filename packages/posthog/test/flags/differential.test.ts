/**
 * Differential test: our local evaluator against posthog-node 5.70's, on random flag
 * definitions and users. posthog-node loads the same definitions over real HTTP from a
 * server on 127.0.0.1 and evaluates with `evaluateFlags(..., { onlyEvaluateLocally })`;
 * both must agree on every flag: the value, the payload, and which flags are inconclusive
 * and why. The clock is frozen so relative dates mean the same to both.
 */
import fc from "fast-check";
import { PostHog } from "posthog-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { compileFlagDefinitions } from "../../src/flags/definitions.ts";
import { createEvaluationContext, evaluateFlagsLocally } from "../../src/flags/evaluate.ts";
import type { FlagDefinitionsPayload } from "../../src/flags/types.ts";
import {
  definitionsArb,
  FILTER_POOLS,
  KEY_POOLS,
  OPERATORS,
  type UserInput,
  userArb,
  VALUE_POOL,
} from "./support/arbitraries.ts";
import { type DefinitionsServer, startDefinitionsServer } from "./support/definitions-server.ts";

type Outcome = { value: unknown; payload: unknown } | { inconclusive: string };

function ours(payload: FlagDefinitionsPayload, user: UserInput): Record<string, Outcome> {
  const definitions = compileFlagDefinitions(payload);
  const context = createEvaluationContext(user.distinctId, user);
  const { values, inconclusive } = evaluateFlagsLocally(definitions, context);
  const out: Record<string, Outcome> = {};
  for (const [key, { value, payload: flagPayload }] of values) {
    // posthog-node keeps a payload in bulk results only when it is truthy.
    out[key] = { value, payload: flagPayload || undefined };
  }
  for (const [key, reason] of inconclusive) out[key] = { inconclusive: reason };
  return out;
}

async function theirs(posthog: PostHog, user: UserInput): Promise<Record<string, Outcome>> {
  const snapshot = await posthog.evaluateFlags(user.distinctId, {
    ...(user.groups === undefined ? {} : { groups: user.groups as Record<string, string> }),
    ...(user.personProperties === undefined
      ? {}
      : { personProperties: user.personProperties as Record<string, string> }),
    ...(user.groupProperties === undefined
      ? {}
      : { groupProperties: user.groupProperties as Record<string, Record<string, string>> }),
    onlyEvaluateLocally: true,
  });
  const out: Record<string, Outcome> = {};
  for (const key of snapshot.keys) {
    out[key] = {
      value: snapshot.getFlag(key, { sendFeatureFlagEvents: false }),
      payload: snapshot.getFlagPayload(key),
    };
  }
  for (const [key, reason] of Object.entries(snapshot.unresolvedFlags))
    out[key] = { inconclusive: reason };
  return out;
}

describe("local evaluation against posthog-node", () => {
  let server: DefinitionsServer;
  let posthog: PostHog;

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2025-06-15T12:00:00Z"));
    vi.spyOn(console, "warn").mockImplementation(() => {});
    server = await startDefinitionsServer();
    posthog = new PostHog("phc_differential", {
      host: server.url,
      personalApiKey: "phx_differential",
      featureFlagsPollingInterval: null as unknown as number,
      sendFeatureFlagEvent: false,
      flushAt: 1_000_000,
      flushInterval: 0,
    });
  });

  afterAll(async () => {
    await posthog.shutdown(100);
    await server.close();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("agrees with posthog-node on values, payloads and inconclusive flags", async () => {
    let flags = 0;
    let evaluations = 0;
    let inconclusive = 0;
    let enabled = 0;
    await fc.assert(
      fc.asyncProperty(
        definitionsArb,
        fc.array(userArb, { minLength: 1, maxLength: 8 }),
        async (payload, users) => {
          server.set(payload);
          await posthog.reloadFeatureFlags();
          flags += (payload.flags as unknown[]).length;
          for (const user of users) {
            const expected = await theirs(posthog, user);
            const actual = ours(payload as unknown as FlagDefinitionsPayload, user);
            expect(actual).toEqual(expected);
            for (const outcome of Object.values(actual)) {
              evaluations++;
              if ("inconclusive" in outcome) inconclusive++;
              else if (outcome.value !== false) enabled++;
            }
          }
        },
      ),
      { numRuns: 200 },
    );
    // The generators must exercise all three outcomes, or the test proves little.
    expect(flags).toBeGreaterThan(800);
    expect(inconclusive).toBeGreaterThan(evaluations / 20);
    expect(enabled).toBeGreaterThan(evaluations / 20);
  });

  it("agrees with posthog-node on every operator for every pair of filter and property values", async () => {
    const flags = OPERATORS.flatMap(([operator, kind]) =>
      (FILTER_POOLS[kind] as unknown[]).map((value) => ({
        operator,
        value,
        filters: { groups: [{ properties: [{ key: "prop", type: "person", operator, value }] }] },
      })),
    ).map(({ filters }, i) => ({ id: i, key: `m${i}`, active: true, filters }));
    const values = [
      ...new Set([
        ...VALUE_POOL,
        ...Object.values(FILTER_POOLS).flat(),
        ...Object.values(KEY_POOLS).flat(),
      ]),
    ];
    const users: UserInput[] = [
      { distinctId: "absent" },
      { distinctId: "undefined", personProperties: { prop: undefined } },
      ...values.map((value, i) => ({ distinctId: `u${i}`, personProperties: { prop: value } })),
    ];
    // Only `exact` and `is_not` read `property_matching_version`.
    const exactFlags = flags.filter((flag) =>
      ["exact", "is_not"].includes(flag.filters.groups[0]?.properties[0]?.operator ?? ""),
    );
    for (const payload of [{ flags }, { flags: exactFlags, property_matching_version: 2 }]) {
      server.set(payload);
      await posthog.reloadFeatureFlags();
      for (const user of users) {
        expect(ours(payload as FlagDefinitionsPayload, user), JSON.stringify(user)).toEqual(
          await theirs(posthog, user),
        );
      }
    }
  });
});
