/**
 * The `/flags` request body and the reading of its answers (v2 details, v1 values,
 * quota-limited, malformed).
 */
import { describe, expect, it } from "vitest";
import { flagsRequestBody, parseFlagsAnswer } from "../../src/flags/remote.ts";

describe("flagsRequestBody", () => {
  it("carries the fields PostHog's harness checks, groups and properties as objects", () => {
    expect(
      flagsRequestBody({
        token: "phc_k",
        distinctId: "u1",
        disableGeoip: false,
        flagKeys: ["beta"],
      }),
    ).toEqual({
      token: "phc_k",
      distinct_id: "u1",
      groups: {},
      person_properties: {},
      group_properties: {},
      geoip_disable: false,
      evaluation_runtime: "server",
      flag_keys_to_evaluate: ["beta"],
    });
  });

  it("adds $group_key to each group's properties and repeats $device_id at the top", () => {
    const body = flagsRequestBody({
      token: "phc_k",
      distinctId: "u1",
      groups: { company: "acme" },
      groupProperties: { company: { plan: "enterprise" }, other: { x: 1 } },
      personProperties: { $device_id: "d-1" },
      disableGeoip: true,
    });
    expect(body.group_properties).toEqual({ company: { $group_key: "acme", plan: "enterprise" } });
    expect(body.$device_id).toBe("d-1");
    expect(body).not.toHaveProperty("flag_keys_to_evaluate");
  });
});

describe("parseFlagsAnswer", () => {
  it("reads v2 details: value, parsed payload, metadata", () => {
    const parsed = parseFlagsAnswer({
      flags: {
        checkout: {
          key: "checkout",
          enabled: true,
          variant: "blue",
          reason: { code: "condition_match", description: "Matched condition set 1" },
          metadata: { id: 7, version: 3, payload: '{"copy":"new"}', has_experiment: false },
        },
        off: { key: "off", enabled: false, variant: null },
      },
      requestId: "r-1",
      evaluatedAt: 123,
      minimalFlagCalledEvents: true,
    });
    expect(parsed.ok).toBe(true);
    const answer = parsed.getOrThrow();
    expect(answer.flags.get("checkout")).toEqual({
      key: "checkout",
      value: "blue",
      payload: { copy: "new" },
      id: 7,
      version: 3,
      reason: "Matched condition set 1",
      reasonCode: "condition_match",
      hasExperiment: false,
    });
    expect(answer.flags.get("off")?.value).toBe(false);
    expect(answer).toMatchObject({
      requestId: "r-1",
      evaluatedAt: 123,
      minimalFlagCalledEvents: true,
      quotaLimited: false,
    });
  });

  it("reads v1 values and payloads", () => {
    const answer = parseFlagsAnswer({
      featureFlags: { a: true, b: "v" },
      featureFlagPayloads: { b: "[1]" },
    }).getOrThrow();
    expect(answer.flags.get("a")?.value).toBe(true);
    expect(answer.flags.get("b")).toMatchObject({ value: "v", payload: [1] });
  });

  it("drops the flags of a quota-limited answer", () => {
    const answer = parseFlagsAnswer({
      flags: { a: { enabled: true } },
      quotaLimited: ["feature_flags"],
    }).getOrThrow();
    expect(answer.quotaLimited).toBe(true);
    expect(answer.flags.size).toBe(0);
  });

  it("refuses an answer that is not a flags answer", () => {
    for (const body of [null, "text", [1], { flags: "nope" }, { flags: [1] }]) {
      const parsed = parseFlagsAnswer(body);
      expect(parsed.ok).toBe(false);
      expect(parsed.error?.kind).toBe("serialization");
    }
  });
});
