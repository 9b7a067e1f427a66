/**
 * `FeatureFlags` with local evaluation, against the test server: the definitions poller
 * actor (Bearer key, ETag and 304, polling, backoff and recovery, 401/403 stopping, 402
 * quota), local evaluation with remote fallback, and snapshots under changing definitions.
 */
import { describe, expect, it } from "vitest";
import type { FlagDefinitions } from "../../src/flags/definitions.ts";
import { rolledOut, startFlags, until } from "./support/setup.ts";

const LOCAL = { personalApiKey: "phx_personal" } as const;

describe("FeatureFlags definitions polling", () => {
  it("loads the definitions with the personal key and evaluates locally without /flags", async () => {
    const { server, flags, captured } = await startFlags(LOCAL, (s) =>
      s.setFlagDefinitions({ flags: [rolledOut("beta-ui", true, { has_experiment: false })] }),
    );
    expect(await flags.waitForLocalEvaluationReady(2_000)).toBe(true);
    expect((await flags.getFeatureFlag("beta-ui", "user-123")).getOrThrow()).toBe(true);
    expect(server.requestsTo("flags")).toHaveLength(0);
    const [request] = server.requestsTo("flag-definitions");
    expect(request?.headers.authorization).toBe("Bearer phx_personal");
    expect(request?.query.token).toBe("phc_test_key");
    expect(captured[0]?.properties).toMatchObject({
      $feature_flag: "beta-ui",
      $feature_flag_response: true,
      locally_evaluated: true,
      $feature_flag_reason: "Evaluated locally",
      $feature_flag_has_experiment: false,
    });
  });

  it("waits for the first load before its first evaluation", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) =>
      s.setFlagDefinitions({ flags: [rolledOut("beta-ui")] }),
    );
    expect((await flags.getFeatureFlag("beta-ui", "user-123")).getOrThrow()).toBe(true);
    expect(server.requestsTo("flags")).toHaveLength(0);
  });

  it("skips local evaluation when asked to evaluate remotely (the harness's force_remote)", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) => {
      s.setFlagDefinitions({ flags: [rolledOut("beta-ui", true)] });
      s.setFlags({ flags: { "beta-ui": false } });
    });
    await flags.waitForLocalEvaluationReady(2_000);
    const value = await flags.getFeatureFlag("beta-ui", "u", { onlyEvaluateRemotely: true });
    expect(value.getOrThrow()).toBe(false);
    const snapshot = await flags.evaluateFlags("u", { onlyEvaluateRemotely: true });
    expect(snapshot.getOrThrow().details("beta-ui")?.locallyEvaluated).toBe(false);
    expect(server.requestsTo("flags")).toHaveLength(2);
  });

  it("sends If-None-Match and keeps its definitions on a 304", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) =>
      s.setFlagDefinitions({ flags: [rolledOut("beta-ui")] }),
    );
    await flags.waitForLocalEvaluationReady(2_000);
    const before = flags.definitions;
    expect((await flags.reloadFeatureFlags()).ok).toBe(true);
    const [first, second] = server.requestsTo("flag-definitions");
    expect(first?.headers["if-none-match"]).toBeUndefined();
    expect(first?.status).toBe(200);
    expect(second?.headers["if-none-match"]).toMatch(/^".+"$/);
    expect(second?.status).toBe(304);
    expect(flags.definitions).toBe(before);
    expect(flags.definitions.has("beta-ui")).toBe(true);
  });

  it("keeps PostHog's minimal-event gate across a 304", async () => {
    const body = {
      flags: [rolledOut("beta-ui", true, { has_experiment: false })],
      minimal_flag_called_events: true,
    };
    const { flags, captured } = await startFlags(LOCAL, (s) =>
      s.setFaults({
        kind: "sequence",
        route: "flag-definitions",
        steps: [
          { kind: "status", status: 200, body, headers: { etag: '"v1"' } },
          { kind: "status", status: 304, headers: { etag: '"v1"' } },
        ],
      }),
    );
    await flags.waitForLocalEvaluationReady(2_000);
    expect((await flags.reloadFeatureFlags()).ok).toBe(true);
    await flags.getFeatureFlag("beta-ui", "user-1", { personProperties: { team: "growth" } });
    expect(captured[0]?.properties).toEqual({
      $feature_flag: "beta-ui",
      $feature_flag_response: true,
      $feature_flag_has_experiment: false,
      $feature_flag_id: 1,
      $feature_flag_reason: "Evaluated locally",
      $feature_flag_evaluated_at: expect.any(Number),
      locally_evaluated: true,
    });
  });

  it("polls every featureFlagsPollingIntervalMs and picks up new definitions", async () => {
    const { server, flags } = await startFlags(
      { ...LOCAL, featureFlagsPollingIntervalMs: 40 },
      (s) => s.setFlagDefinitions({ flags: [rolledOut("beta-ui", false)] }),
    );
    await flags.waitForLocalEvaluationReady(2_000);
    expect(flags.evaluateLocally("beta-ui", "u")).toMatchObject({ value: false });
    server.setFlagDefinitions({ flags: [rolledOut("beta-ui", true)] });
    await until(
      () => (flags.evaluateLocally("beta-ui", "u") as { value?: unknown }).value === true,
    );
    expect(server.requestsTo("flag-definitions").length).toBeGreaterThanOrEqual(2);
  });

  it("keeps the last good definitions while polling fails, backs off, then recovers", async () => {
    const { server, flags } = await startFlags(
      { ...LOCAL, featureFlagsPollingIntervalMs: 20 },
      (s) => s.setFlagDefinitions({ flags: [rolledOut("beta-ui", true)] }),
    );
    await flags.waitForLocalEvaluationReady(2_000);
    const failures: (number | undefined)[] = [];
    flags.on("definitions-failed", ({ retryInMs }) => failures.push(retryInMs));
    server.setFaults({
      kind: "always",
      route: "flag-definitions",
      fault: { kind: "status", status: 503 },
    });
    await until(() => failures.length >= 3);
    expect(failures.slice(0, 3)).toEqual([40, 80, 160]);
    expect(flags.evaluateLocally("beta-ui", "u")).toMatchObject({ value: true });
    server.setFlagDefinitions({ flags: [rolledOut("beta-ui", false)] });
    server.clearFaults();
    await until(
      () => (flags.evaluateLocally("beta-ui", "u") as { value?: unknown }).value === false,
    );
  });

  it("stops polling on a 401 with a clear error, and resumes after a successful reload", async () => {
    const { server, flags } = await startFlags(
      { ...LOCAL, featureFlagsPollingIntervalMs: 20 },
      (s) => {
        s.setFlagDefinitions({ flags: [rolledOut("beta-ui")] });
        s.setFaults({
          kind: "always",
          route: "flag-definitions",
          fault: { kind: "status", status: 401 },
        });
      },
    );
    const stopped: string[] = [];
    const errors: string[] = [];
    flags.on("polling-stopped", (error) => stopped.push(error.message));
    flags.on("error", (error) => errors.push(error.kind));
    await until(() => stopped.length === 1);
    expect(stopped[0]).toMatch(/401/);
    expect(errors).toEqual(["unauthorized"]);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(server.requestsTo("flag-definitions")).toHaveLength(1);
    server.clearFaults();
    expect((await flags.reloadFeatureFlags()).ok).toBe(true);
    await until(() => server.requestsTo("flag-definitions").length >= 4);
    expect(flags.isLocalEvaluationReady()).toBe(true);
  });

  it("reports a 403 from reloadFeatureFlags as unauthorized", async () => {
    const { flags } = await startFlags(LOCAL, (s) =>
      s.setFaults({
        kind: "always",
        route: "flag-definitions",
        fault: { kind: "status", status: 403 },
      }),
    );
    const reload = await flags.reloadFeatureFlags();
    expect(reload.error).toMatchObject({ kind: "unauthorized", status: 403 });
  });

  it("drops local definitions when PostHog says the quota is exceeded, and asks PostHog instead", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) => {
      s.setFlagDefinitions({ flags: [rolledOut("beta-ui", true)] });
      s.setFlags({ flags: { "beta-ui": false } });
    });
    await flags.waitForLocalEvaluationReady(2_000);
    let quota = 0;
    flags.on("quota-limited", () => quota++);
    server.setFaults({
      kind: "always",
      route: "flag-definitions",
      fault: { kind: "status", status: 402 },
    });
    expect((await flags.reloadFeatureFlags()).error?.kind).toBe("quota-limited");
    expect(quota).toBe(1);
    expect(flags.definitions.size).toBe(0);
    expect((await flags.getFeatureFlag("beta-ui", "u")).getOrThrow()).toBe(false);
    expect(server.requestsTo("flags")).toHaveLength(1);
  });

  it("stops polling on shutdown and answers shut-down afterwards", async () => {
    const { server, flags } = await startFlags(
      { ...LOCAL, featureFlagsPollingIntervalMs: 20 },
      (s) => s.setFlagDefinitions({ flags: [rolledOut("beta-ui")] }),
    );
    await flags.waitForLocalEvaluationReady(2_000);
    await flags.shutdown();
    const count = server.requestsTo("flag-definitions").length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(server.requestsTo("flag-definitions")).toHaveLength(count);
    expect((await flags.getFeatureFlag("beta-ui", "u")).error?.kind).toBe("shut-down");
  });

  it("answers false from waitForLocalEvaluationReady without local evaluation or after a timeout", async () => {
    expect(await (await startFlags()).flags.waitForLocalEvaluationReady(10)).toBe(false);
    const { flags } = await startFlags(LOCAL, (s) =>
      s.setFaults({ kind: "always", route: "flag-definitions", fault: { kind: "delay", ms: 500 } }),
    );
    expect(await flags.waitForLocalEvaluationReady(30)).toBe(false);
  });
});

describe("FeatureFlags.evaluateFlags", () => {
  const definitions = {
    flags: [
      rolledOut("local-flag", true),
      {
        id: 2,
        key: "remote-flag",
        active: true,
        filters: {
          groups: [
            { properties: [{ key: "email", operator: "icontains", value: "@", type: "person" }] },
          ],
        },
      },
      {
        id: 3,
        key: "checkout",
        active: true,
        filters: {
          groups: [{ rollout_percentage: 100, variant: "blue" }],
          multivariate: { variants: [{ key: "blue", rollout_percentage: 100 }] },
          payloads: { blue: '{"copy":"new"}' },
        },
      },
    ],
  };

  it("fills what local evaluation cannot decide with one /flags request, keeping local values", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) => {
      s.setFlagDefinitions(definitions);
      s.setFlags({
        flags: { "local-flag": false, "remote-flag": "from-posthog", checkout: "red" },
      });
    });
    const snapshot = (await flags.evaluateFlags("user-1")).getOrThrow();
    expect(server.requestsTo("flags")).toHaveLength(1);
    expect(snapshot.getFlag("local-flag")).toBe(true);
    expect(snapshot.getFlag("remote-flag")).toBe("from-posthog");
    expect(snapshot.getFlag("checkout")).toBe("blue");
    expect(snapshot.details("remote-flag")?.locallyEvaluated).toBe(false);
  });

  it("makes no request and omits undecided flags when evaluating locally only", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) => s.setFlagDefinitions(definitions));
    const snapshot = (
      await flags.evaluateFlags("user-1", { onlyEvaluateLocally: true })
    ).getOrThrow();
    expect(server.requestsTo("flags")).toHaveLength(0);
    expect(snapshot.keys.sort()).toEqual(["checkout", "local-flag"]);
    expect(snapshot.unresolvedFlags).toEqual({ "remote-flag": "missing_context" });
  });

  it("scopes the request and the snapshot to flagKeys, asking PostHog for keys it has no definition of", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) => {
      s.setFlagDefinitions(definitions);
      s.setFlags({ flags: { "local-flag": false, "missing-local-flag": true, other: true } });
    });
    const snapshot = (
      await flags.evaluateFlags("user-1", { flagKeys: ["local-flag", "missing-local-flag"] })
    ).getOrThrow();
    expect(server.requestsTo("flags")[0]?.body).toMatchObject({
      flag_keys_to_evaluate: ["local-flag", "missing-local-flag"],
    });
    expect(snapshot.keys.sort()).toEqual(["local-flag", "missing-local-flag"]);
    expect(snapshot.getFlag("local-flag")).toBe(true);
  });

  it("keeps local results when the remote fallback fails, and says why", async () => {
    const { flags } = await startFlags(LOCAL, (s) => {
      s.setFlagDefinitions(definitions);
      s.setFaults({ kind: "always", route: "flags", fault: { kind: "status", status: 500 } });
    });
    const snapshot = (await flags.evaluateFlags("user-1")).getOrThrow();
    expect(snapshot.getFlag("local-flag")).toBe(true);
    expect(snapshot.getFlag("remote-flag")).toBeUndefined();
    expect(snapshot.error?.kind).toBe("remote");
  });

  it("refuses a missing distinct id without a request", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) => s.setFlagDefinitions(definitions));
    expect((await flags.evaluateFlags("")).error?.kind).toBe("invalid-input");
    expect(server.requestsTo("flags")).toHaveLength(0);
  });

  it("fails when the remote evaluation fails and nothing was decided locally", async () => {
    const { flags } = await startFlags({}, (s) =>
      s.setFaults({ kind: "always", route: "flags", fault: { kind: "status", status: 503 } }),
    );
    expect((await flags.evaluateFlags("user-1")).error?.kind).toBe("remote");
  });

  it("reads values with one tracked event each, payloads silently, and filters in memory", async () => {
    const { server, flags, captured } = await startFlags(LOCAL, (s) => {
      s.setFlagDefinitions(definitions);
      s.setFlags({ flags: { "remote-flag": false } });
    });
    const snapshot = (await flags.evaluateFlags("user-1")).getOrThrow();
    expect(captured).toHaveLength(0);
    expect(snapshot.onlyAccessed().keys).toEqual([]);
    expect(snapshot.isEnabled("checkout")).toBe(true);
    expect(snapshot.getFlag("checkout")).toBe("blue");
    expect(snapshot.getFlagPayload("local-flag")).toBeUndefined();
    expect(snapshot.getFlagPayload("checkout")).toEqual({ copy: "new" });
    expect(snapshot.isEnabled("remote-flag")).toBe(false);
    expect(snapshot.isEnabled("typo", { defaultValue: true })).toBe(true);
    expect(captured.map((event) => event.properties.$feature_flag)).toEqual([
      "checkout",
      "remote-flag",
      "typo",
    ]);
    expect(captured[2]?.properties.$feature_flag_error).toBe("flag_missing");
    expect(snapshot.onlyAccessed().keys.sort()).toEqual(["checkout", "remote-flag"]);
    expect(snapshot.only(["checkout", "missing"]).eventProperties()).toEqual({
      "$feature/checkout": "blue",
      $active_feature_flags: ["checkout"],
    });
    expect(snapshot.eventProperties()).toMatchObject({
      "$feature/remote-flag": false,
      "$feature/local-flag": true,
    });
    expect(server.requestsTo("flags")).toHaveLength(1);
  });

  it("keeps a snapshot's values when the definitions change afterwards", async () => {
    const { server, flags } = await startFlags(LOCAL, (s) =>
      s.setFlagDefinitions({ flags: [rolledOut("checkout", true)] }),
    );
    const snapshot = (
      await flags.evaluateFlags("user-1", { onlyEvaluateLocally: true })
    ).getOrThrow();
    server.setFlagDefinitions({ flags: [rolledOut("checkout", false)] });
    await flags.reloadFeatureFlags();
    expect(flags.evaluateLocally("checkout", "user-1")).toMatchObject({ value: false });
    expect(snapshot.getFlag("checkout")).toBe(true);
  });

  it("never mixes two versions of the definitions in one evaluation, under concurrent reloads", async () => {
    const versionA = { flags: ["a", "b", "c", "d"].map((key) => rolledOut(key, true)) };
    const versionB = { flags: ["a", "b", "c", "d"].map((key) => rolledOut(key, false)) };
    const { server, flags } = await startFlags(
      { ...LOCAL, featureFlagsPollingIntervalMs: 5 },
      (s) => s.setFlagDefinitions(versionA),
    );
    await flags.waitForLocalEvaluationReady(2_000);
    const seen = new Set<FlagDefinitions>();
    let mixed = 0;
    let versions = 0;
    for (let round = 0; round < 40; round++) {
      server.setFlagDefinitions(round % 2 === 0 ? versionB : versionA);
      const snapshots = await Promise.all(
        Array.from({ length: 20 }, () =>
          flags.evaluateFlags("user-1", { onlyEvaluateLocally: true }),
        ),
      );
      seen.add(flags.definitions);
      for (const snapshot of snapshots) {
        const values = new Set(
          snapshot
            .getOrThrow()
            .keys.map((key) =>
              snapshot.getOrThrow().getFlag(key, { sendFeatureFlagEvents: false }),
            ),
        );
        if (values.size > 1) mixed++;
        versions += values.size;
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(mixed).toBe(0);
    expect(versions).toBe(40 * 20);
    expect(seen.size).toBeGreaterThan(2);
  });
});
