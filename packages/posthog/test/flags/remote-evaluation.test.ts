/**
 * `FeatureFlags` without local evaluation, against the test server: the `/flags` request
 * PostHog's harness checks, the flags retry policy (502/504 retried, others not), the
 * timeout, malformed answers, quota, and the `$feature_flag_called` events.
 */
import { describe, expect, it } from "vitest";
import { startFlags } from "./support/setup.ts";

describe("FeatureFlags remote evaluation", () => {
  it("sends POST /flags?v=2 with the harness fields and no Authorization header", async () => {
    const { server, flags } = await startFlags({}, (s) =>
      s.setFlags({ flags: { "signup-aa-test": "variant-a" } }),
    );
    const value = await flags.getFeatureFlag("signup-aa-test", "test_user_123", {
      personProperties: { $device_id: "device_abc_123" },
      disableGeoip: true,
    });
    expect(value.getOrThrow()).toBe("variant-a");
    const [request, ...rest] = server.requestsTo("flags");
    expect(rest).toHaveLength(0);
    expect(request?.method).toBe("POST");
    expect(request?.query.v).toBe("2");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchObject({
      token: "phc_test_key",
      distinct_id: "test_user_123",
      person_properties: { $device_id: "device_abc_123" },
      groups: {},
      group_properties: {},
      geoip_disable: true,
      flag_keys_to_evaluate: ["signup-aa-test"],
    });
  });

  it("defaults geoip_disable to false and sends groups with their properties", async () => {
    const { server, flags } = await startFlags();
    await flags.getFeatureFlag("any-flag", "user_1", {
      groups: { company: "acme" },
      groupProperties: { company: { plan: "enterprise" } },
    });
    expect(server.requestsTo("flags")[0]?.body).toMatchObject({
      geoip_disable: false,
      groups: { company: "acme" },
      group_properties: { company: { plan: "enterprise" } },
    });
  });

  it("makes no request until a flag is asked for, and one per call without local evaluation", async () => {
    const { server, flags } = await startFlags();
    expect(server.requestsTo("flags")).toHaveLength(0);
    await flags.getFeatureFlag("any-flag", "user_1");
    await flags.getFeatureFlag("any-flag", "user_1");
    expect(server.requestsTo("flags")).toHaveLength(2);
  });

  it.each([502, 504])(
    "retries a %i once, after at least 300 ms, and returns the retried answer",
    async (status) => {
      const { server, flags } = await startFlags({}, (s) => {
        s.setFlags({ flags: { "transient-flag": true } });
        s.setFaults({ kind: "sequence", route: "flags", steps: [status] });
      });
      expect((await flags.getFeatureFlag("transient-flag", "user_1")).getOrThrow()).toBe(true);
      const [first, second] = server.requestsTo("flags");
      expect(server.requestsTo("flags")).toHaveLength(2);
      expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(290);
    },
  );

  it.each([500, 503, 429, 408])("does not retry a %i and reports it", async (status) => {
    const { server, flags } = await startFlags({}, (s) => {
      s.setFlags({ flags: { beta: true } });
      s.setFaults({ kind: "sequence", route: "flags", steps: [status] });
    });
    const value = await flags.getFeatureFlag("beta", "user_1");
    expect(value.ok).toBe(false);
    expect(value.error).toMatchObject({ kind: "remote", status });
    expect(server.requestsTo("flags")).toHaveLength(1);
  });

  it("gives up on a /flags request that takes longer than the timeout, retrying it once", async () => {
    const { server, flags } = await startFlags({ featureFlagsRequestTimeoutMs: 100 }, (s) => {
      s.setFlags({ flags: { beta: true } });
      s.setFaults({ kind: "always", route: "flags", fault: { kind: "delay", ms: 1_000 } });
    });
    const started = Date.now();
    const value = await flags.getFeatureFlag("beta", "user_1");
    expect(value.error?.kind).toBe("remote");
    expect((value.error?.cause as { kind?: string; reason?: string }) ?? {}).toMatchObject({
      kind: "request",
      reason: "timeout",
    });
    expect(server.requestsTo("flags")).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("waits 300 ms then 600 ms between retries when configured for two", async () => {
    const { server, flags } = await startFlags({ featureFlagsRequestMaxRetries: 2 }, (s) => {
      s.setFlags({ flags: { "beta-ui": true } });
      s.setFaults({ kind: "sequence", route: "flags", steps: [502, 504] });
    });
    expect((await flags.getFeatureFlag("beta-ui", "user_1")).getOrThrow()).toBe(true);
    const times = server.requestsTo("flags").map((request) => request.receivedAt);
    expect(times).toHaveLength(3);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(290);
    expect((times[2] ?? 0) - (times[1] ?? 0)).toBeGreaterThanOrEqual(590);
  });

  it("does not retry at all with featureFlagsRequestMaxRetries 0", async () => {
    const { server, flags } = await startFlags({ featureFlagsRequestMaxRetries: 0 }, (s) =>
      s.setFaults({ kind: "sequence", route: "flags", steps: [502] }),
    );
    expect((await flags.getFeatureFlag("beta", "user_1")).ok).toBe(false);
    expect(server.requestsTo("flags")).toHaveLength(1);
  });

  it("reports an answer that is not JSON as a remote error, without retrying", async () => {
    const { server, flags } = await startFlags({}, (s) =>
      s.setFaults({
        kind: "sequence",
        route: "flags",
        steps: [
          {
            kind: "status",
            status: 200,
            body: Buffer.from("<html>oops</html>"),
            headers: { "content-type": "text/html" },
          },
        ],
      }),
    );
    const value = await flags.getFeatureFlag("beta", "user_1");
    expect(value.error?.kind).toBe("remote");
    expect((value.error?.cause as { kind?: string } | undefined)?.kind).toBe("serialization");
    expect(server.requestsTo("flags")).toHaveLength(1);
  });

  it("says flag-missing for a key PostHog does not return, and quota-limited when over quota", async () => {
    const { server, flags } = await startFlags({}, (s) => s.setFlags({ flags: { other: true } }));
    expect((await flags.getFeatureFlag("nope", "user_1")).error?.kind).toBe("flag-missing");
    server.setFlags({ flags: { nope: true }, quotaLimited: ["feature_flags"] });
    expect((await flags.getFeatureFlag("nope", "user_1")).error?.kind).toBe("quota-limited");
  });

  it("captures one deduplicated $feature_flag_called per value read", async () => {
    const { captured, flags } = await startFlags({}, (s) =>
      s.setFlags({ flags: { "my-flag": true } }),
    );
    await flags.getFeatureFlag("my-flag", "user_1");
    await flags.isFeatureEnabled("my-flag", "user_1");
    expect(captured).toHaveLength(1);
    expect(captured[0]).toMatchObject({
      distinctId: "user_1",
      event: "$feature_flag_called",
      properties: {
        $feature_flag: "my-flag",
        $feature_flag_response: true,
        locally_evaluated: false,
      },
    });
  });

  it("captures nothing when tracking is off for the call, and nothing for payload reads", async () => {
    const { captured, flags } = await startFlags({}, (s) =>
      s.setFlags({ flags: { checkout: { variant: "blue", payload: { cta: "Try now" } } } }),
    );
    expect(
      (
        await flags.getFeatureFlag("checkout", "user_1", { sendFeatureFlagEvents: false })
      ).getOrThrow(),
    ).toBe("blue");
    expect((await flags.getFeatureFlagPayload("checkout", "user_1")).getOrThrow()).toEqual({
      cta: "Try now",
    });
    expect(captured).toHaveLength(0);
  });

  it("marks a missing flag's event with $feature_flag_error", async () => {
    const { captured, flags } = await startFlags();
    await flags.getFeatureFlag("typo-flag", "user_1");
    expect(captured[0]?.properties).toMatchObject({
      $feature_flag: "typo-flag",
      $feature_flag_error: "flag_missing",
    });
    expect(captured[0]?.properties).not.toHaveProperty("$feature_flag_response", true);
  });

  it("returns structured results and bulk values with payloads", async () => {
    const { flags } = await startFlags({}, (s) =>
      s.setFlags({
        flags: {
          "beta-ui": { enabled: true, payload: { color: "green" } },
          checkout: { variant: "blue", payload: { copy: "new" } },
          off: false,
        },
      }),
    );
    expect((await flags.getFeatureFlagResult("checkout", "u")).getOrThrow()).toMatchObject({
      key: "checkout",
      enabled: true,
      variant: "blue",
      payload: { copy: "new" },
    });
    expect((await flags.getAllFlagsAndPayloads("u")).getOrThrow()).toEqual({
      featureFlags: { "beta-ui": true, checkout: "blue", off: false },
      featureFlagPayloads: { "beta-ui": { color: "green" }, checkout: { copy: "new" } },
    });
  });

  it("refuses an empty distinct id without a request", async () => {
    const { server, flags } = await startFlags();
    expect((await flags.getFeatureFlag("beta", "")).error?.kind).toBe("invalid-input");
    expect(server.requestsTo("flags")).toHaveLength(0);
  });
});
