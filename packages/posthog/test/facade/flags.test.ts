/**
 * Feature flags on `createPostHog`'s facade, against the test server's `/flags` and
 * `/flags/definitions` routes: posthog-node's plain answers (`undefined` or the default
 * when there is none, never a throw), the typed error as an `"error"` event and as a
 * `Result` on `posthog.flags`, `$feature_flag_called` through the capture actor, snapshots
 * that `capture({ flags })` accepts, local evaluation with a personal key, and a shutdown
 * that stops the poller.
 */
import { describe, expect, it } from "vitest";
import type { PostHogError } from "../../src/errors/posthog-error.ts";
import type { FeatureFlagsError } from "../../src/flags/errors.ts";
import { createPostHog, type PostHog, type PostHogOptions } from "../../src/index.ts";
import { serverPerTest } from "../support/test-server.ts";

const API_KEY = "phc_flags_facade";
const PERSONAL_KEY = "phx_flags_facade";
const env = serverPerTest();

function posthogFor(options: Partial<PostHogOptions> = {}): PostHog {
  return env.posthog({ apiKey: API_KEY, ...options });
}

function errorsOf(posthog: PostHog): (PostHogError | FeatureFlagsError)[] {
  const errors: (PostHogError | FeatureFlagsError)[] = [];
  posthog.on("error", (error) => errors.push(error));
  return errors;
}

function rolledOut(key: string, extra: Record<string, unknown> = {}) {
  return {
    id: 7,
    key,
    active: true,
    filters: { groups: [{ rollout_percentage: 100 }] },
    ...extra,
  };
}

describe("createPostHog feature flags", () => {
  it("asks /flags?v=2 for one flag and answers its value", async () => {
    env.server.setFlags({ flags: { checkout: "variant-a", beta: true } });
    const posthog = posthogFor();
    expect(await posthog.getFeatureFlag("checkout", "u1", { disableGeoip: true })).toBe(
      "variant-a",
    );
    expect(await posthog.isFeatureEnabled("beta", "u1")).toBe(true);
    const [request] = env.server.requestsTo("flags");
    expect(request?.query.v).toBe("2");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchObject({
      token: API_KEY,
      distinct_id: "u1",
      groups: {},
      person_properties: {},
      group_properties: {},
      geoip_disable: true,
      flag_keys_to_evaluate: ["checkout"],
    });
  });

  it("makes no /flags request on creation or on capture", async () => {
    const posthog = posthogFor();
    posthog.capture({ distinctId: "u1", event: "page" });
    await posthog.flush();
    expect(env.server.requestsTo("flags")).toHaveLength(0);
    expect(env.server.requestsTo("flag-definitions")).toHaveLength(0);
  });

  it("sends $feature_flag_called through the capture actor, with $groups when groups are given", async () => {
    env.server.setFlags({ flags: { beta: true } });
    const posthog = posthogFor();
    await posthog.getFeatureFlag("beta", "u1", { groups: { company: "acme" } });
    await posthog.getFeatureFlag("beta", "u1", { groups: { company: "acme" } });
    expect(await posthog.flush()).toMatchObject({ delivered: 1 });
    const [event, ...rest] = env.server.events;
    expect(rest).toHaveLength(0);
    expect(event).toMatchObject({
      event: "$feature_flag_called",
      distinct_id: "u1",
      properties: expect.objectContaining({
        $feature_flag: "beta",
        $feature_flag_response: true,
        "$feature/beta": true,
        $groups: { company: "acme" },
      }),
    });
  });

  it("answers undefined or the default when /flags fails, emits the typed error, and never throws", async () => {
    env.server.setFaults({ kind: "always", route: "flags", fault: 500 });
    const posthog = posthogFor();
    const errors = errorsOf(posthog);
    expect(await posthog.getFeatureFlag("beta", "u1")).toBeUndefined();
    expect(await posthog.getFeatureFlag("beta", "u1", { defaultValue: "control" })).toBe("control");
    expect(await posthog.isFeatureEnabled("beta", "u1", { defaultValue: false })).toBe(false);
    expect(await posthog.getFeatureFlagPayload("beta", "u1")).toBeUndefined();
    expect(await posthog.getAllFlags("u1")).toEqual({});
    expect(await posthog.getAllFlagsAndPayloads("u1")).toEqual({
      featureFlags: {},
      featureFlagPayloads: {},
    });
    expect(errors).toHaveLength(6);
    expect(errors[0]).toMatchObject({ name: "FeatureFlagsError", kind: "remote", status: 500 });
    const result = await posthog.flags.getFeatureFlag("beta", "u1");
    expect(result.error).toMatchObject({ kind: "remote", status: 500 });
  });

  it("answers undefined for a flag PostHog does not have, without an error event", async () => {
    env.server.setFlags({ flags: { beta: true } });
    const posthog = posthogFor();
    const errors = errorsOf(posthog);
    expect(await posthog.getFeatureFlag("nope", "u1")).toBeUndefined();
    expect(await posthog.isFeatureEnabled("nope", "u1", { defaultValue: true })).toBe(true);
    expect(errors).toEqual([]);
    expect((await posthog.flags.getFeatureFlag("nope", "u1")).error?.kind).toBe("flag-missing");
  });

  it("reports an invalid distinct id as an error event, not a throw", async () => {
    const posthog = posthogFor();
    const errors = errorsOf(posthog);
    expect(await posthog.getFeatureFlag("beta", "")).toBeUndefined();
    expect(errors[0]).toMatchObject({ kind: "invalid-input" });
    expect(env.server.requestsTo("flags")).toHaveLength(0);
  });

  it("gives payloads and bulk values", async () => {
    env.server.setFlags({
      flags: { banner: { variant: "b", payload: { color: "blue" } }, beta: true, off: false },
    });
    const posthog = posthogFor();
    expect(await posthog.getFeatureFlagPayload("banner", "u1")).toEqual({ color: "blue" });
    expect(await posthog.getAllFlags("u1")).toEqual({ banner: "b", beta: true, off: false });
    expect(await posthog.getAllFlagsAndPayloads("u1")).toEqual({
      featureFlags: { banner: "b", beta: true, off: false },
      featureFlagPayloads: { banner: { color: "blue" } },
    });
    await posthog.flush();
    expect(env.server.events).toHaveLength(0);
  });

  it("evaluates once into a snapshot that capture({ flags }) attaches", async () => {
    env.server.setFlags({ flags: { beta: true, checkout: "variant-a", off: false } });
    const posthog = posthogFor();
    const flags = await posthog.evaluateFlags("u1");
    expect(env.server.requestsTo("flags")).toHaveLength(1);
    expect(flags.isEnabled("beta")).toBe(true);
    posthog.capture({ distinctId: "u1", event: "all", flags });
    posthog.capture({
      distinctId: "u1",
      event: "accessed",
      flags: flags.onlyAccessed(),
      properties: { "$feature/beta": "mine" },
    });
    await posthog.flush();
    const all = env.server.events.find((event) => event.event === "all");
    expect(all?.properties).toMatchObject({
      "$feature/beta": true,
      "$feature/checkout": "variant-a",
      "$feature/off": false,
      $active_feature_flags: ["beta", "checkout"],
    });
    const accessed = env.server.events.find((event) => event.event === "accessed");
    expect(accessed?.properties).toMatchObject({
      "$feature/beta": "mine",
      $active_feature_flags: ["beta"],
    });
    expect(accessed?.properties).not.toHaveProperty("$feature/checkout");
    expect(env.server.requestsTo("flags")).toHaveLength(1);
  });

  it("gives an empty snapshot and an error event when evaluateFlags fails", async () => {
    env.server.setFaults({ kind: "always", route: "flags", fault: 503 });
    const posthog = posthogFor();
    const errors = errorsOf(posthog);
    const flags = await posthog.evaluateFlags("u1");
    expect(flags.keys).toEqual([]);
    expect(flags.isEnabled("beta")).toBe(false);
    expect(errors[0]).toMatchObject({ kind: "remote", status: 503 });
  });

  it("gives up on a /flags answer slower than featureFlagsRequestTimeoutMs", async () => {
    env.server.setFaults({ kind: "always", route: "flags", fault: { kind: "delay", ms: 3_000 } });
    const posthog = posthogFor({ featureFlagsRequestTimeoutMs: 100 });
    const errors = errorsOf(posthog);
    expect(await posthog.getFeatureFlag("beta", "u1", { defaultValue: false })).toBe(false);
    expect(errors[0]).toMatchObject({ kind: "remote" });
    expect((errors[0] as FeatureFlagsError).cause).toMatchObject({ reason: "timeout" });
  });

  it("evaluates locally with a personal key: definitions polled, no /flags request", async () => {
    env.server.setFlagDefinitions({ flags: [rolledOut("beta")] });
    const posthog = posthogFor({ personalApiKey: PERSONAL_KEY });
    expect(await posthog.waitForLocalEvaluationReady(2_000)).toBe(true);
    expect(await posthog.getFeatureFlag("beta", "u1")).toBe(true);
    expect(await posthog.getAllFlags("u1")).toEqual({ beta: true });
    expect(env.server.requestsTo("flags")).toHaveLength(0);
    const [request] = env.server.requestsTo("flag-definitions");
    expect(request?.headers.authorization).toBe(`Bearer ${PERSONAL_KEY}`);
    await posthog.reloadFeatureFlags();
    expect(env.server.requestsTo("flag-definitions")).toHaveLength(2);
    await posthog.flush();
    expect(env.server.events[0]?.properties).toMatchObject({ locally_evaluated: true });
  });

  it("never asks PostHog with onlyEvaluateLocally", async () => {
    env.server.setFlagDefinitions({ flags: [rolledOut("beta")] });
    env.server.setFlags({ flags: { remote_only: true } });
    const posthog = posthogFor({ personalApiKey: PERSONAL_KEY, onlyEvaluateLocally: true });
    const errors = errorsOf(posthog);
    expect(await posthog.getFeatureFlag("beta", "u1")).toBe(true);
    expect(await posthog.getFeatureFlag("remote_only", "u1")).toBeUndefined();
    expect(env.server.requestsTo("flags")).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it("reports a personal key the definitions route refuses as an error event", async () => {
    env.server.setFaults({ kind: "always", route: "flag-definitions", fault: 401 });
    const posthog = posthogFor({ personalApiKey: PERSONAL_KEY });
    const errors = errorsOf(posthog);
    expect(await posthog.waitForLocalEvaluationReady(300)).toBe(false);
    expect(errors.some((error) => error.kind === "unauthorized")).toBe(true);
  });

  it("stops polling the definitions on shutdown", async () => {
    env.server.setFlagDefinitions({ flags: [rolledOut("beta")] });
    const posthog = createPostHog({
      apiKey: API_KEY,
      host: env.server.url,
      personalApiKey: PERSONAL_KEY,
      featureFlagsPollingIntervalMs: 20,
    });
    await posthog.waitForLocalEvaluationReady(2_000);
    await env.server.waitForRequests(3);
    await posthog.shutdown(1_000);
    const polled = env.server.requestsTo("flag-definitions").length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(env.server.requestsTo("flag-definitions")).toHaveLength(polled);
    expect(await posthog.getFeatureFlag("beta", "u1")).toBeUndefined();
  });

  it("makes no flag request at all when disabled", async () => {
    env.server.setFlagDefinitions({ flags: [rolledOut("beta")] });
    env.server.setFlags({ flags: { beta: true } });
    const posthog = posthogFor({ disabled: true, personalApiKey: PERSONAL_KEY });
    expect(await posthog.getFeatureFlag("beta", "u1", { defaultValue: false })).toBe(false);
    expect(env.server.requests).toHaveLength(0);
  });
});
