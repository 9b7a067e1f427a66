import { describe, expect, it } from "vitest";
import type { WireEvent } from "../../src/capture/types.ts";
import { eventOptionsToProperties, liftEventOptions } from "../../src/capture/v1/event-options.ts";
import { parseV1Answer } from "../../src/capture/v1/v1-answer.ts";
import { buildV1Body, toV1Event } from "../../src/capture/v1/v1-body.ts";
import { buildV1Headers } from "../../src/capture/v1/v1-headers.ts";

function wire(
  properties: Record<string, unknown>,
  uuid = "0190a000-0000-7000-8000-000000000001",
): WireEvent {
  return {
    uuid,
    event: "signed_up",
    distinct_id: "u1",
    properties: { $lib: "tsactor-posthog", $lib_version: "0.1.0", ...properties },
    timestamp: "2025-01-02T03:04:05.000Z",
    type: "capture",
  };
}

describe("toV1Event", () => {
  it("keeps the root fields and the caller's properties, and leaves $lib to the server", () => {
    const v1 = toV1Event(wire({ plan: "pro", $set: { name: "A" }, $groups: { company: "x" } }));
    expect(v1).toEqual({
      event: "signed_up",
      uuid: "0190a000-0000-7000-8000-000000000001",
      distinct_id: "u1",
      timestamp: "2025-01-02T03:04:05.000Z",
      options: {},
      properties: { plan: "pro", $set: { name: "A" }, $groups: { company: "x" } },
    });
    expect(v1).not.toHaveProperty("type");
  });

  it("moves the option sentinels into options, coercing them as the server does", () => {
    const v1 = toV1Event(
      wire({
        $cookieless_mode: "true",
        $ignore_sent_at: 1,
        $process_person_profile: false,
        $product_tour_id: "tour_1",
        keep: 1,
      }),
    );
    expect(v1.options).toEqual({
      cookieless_mode: true,
      disable_skew_correction: true,
      process_person_profile: false,
      product_tour_id: "tour_1",
    });
    expect(v1.properties).toEqual({ keep: 1 });
  });

  it("drops a sentinel it cannot read, so the server default applies", () => {
    const v1 = toV1Event(wire({ $cookieless_mode: "maybe", $product_tour_id: 42 }));
    expect(v1.options).toEqual({});
    expect(v1.properties).toEqual({});
  });

  it("lifts $session_id and $window_id to the root when they are strings", () => {
    const v1 = toV1Event(wire({ $session_id: "s1", $window_id: 7 }));
    expect(v1.session_id).toBe("s1");
    expect(v1).not.toHaveProperty("window_id");
    expect(v1.properties).toEqual({});
  });
});

describe("event options", () => {
  it("turns camelCase options into the sentinel properties, skipping unset ones", () => {
    expect(
      eventOptionsToProperties({
        cookielessMode: true,
        processPersonProfile: false,
        productTourId: undefined,
      }),
    ).toEqual({ $cookieless_mode: true, $process_person_profile: false });
  });

  it("round-trips through the sentinel properties", () => {
    const properties = eventOptionsToProperties({
      cookielessMode: false,
      disableSkewCorrection: true,
      processPersonProfile: true,
      productTourId: "t",
    });
    expect(liftEventOptions(properties).options).toEqual({
      cookieless_mode: false,
      disable_skew_correction: true,
      process_person_profile: true,
      product_tour_id: "t",
    });
  });
});

describe("buildV1Body", () => {
  it("has created_at and batch, and no key, token or sent_at", () => {
    const body = buildV1Body([toV1Event(wire({}))], "2025-01-01T00:00:00.000Z", false);
    expect(Object.keys(body).sort()).toEqual(["batch", "created_at"]);
  });

  it("marks a historical migration only when asked", () => {
    const body = buildV1Body([], "2025-01-01T00:00:00.000Z", true);
    expect(body.historical_migration).toBe(true);
  });
});

describe("buildV1Headers", () => {
  it("carries the bearer key, library, batch id, attempt and attempt time", () => {
    const headers = buildV1Headers({
      apiKey: "phc_k",
      sdkInfo: "tsactor-posthog/0.1.0",
      requestId: "0190a000-0000-7000-8000-0000000000aa",
      attempt: 2,
      now: new Date("2025-01-01T00:00:01.500Z"),
      contentEncoding: "br",
    });
    expect(headers).toEqual({
      "content-type": "application/json",
      authorization: "Bearer phc_k",
      "posthog-sdk-info": "tsactor-posthog/0.1.0",
      "posthog-request-id": "0190a000-0000-7000-8000-0000000000aa",
      "posthog-attempt": "2",
      "posthog-request-timestamp": "2025-01-01T00:00:01.500Z",
      "content-encoding": "br",
    });
  });

  it("sends no content-encoding for an uncompressed body", () => {
    const headers = buildV1Headers({
      apiKey: "phc_k",
      sdkInfo: "a/b",
      requestId: "r",
      attempt: 1,
      now: new Date(0),
    });
    expect(headers).not.toHaveProperty("content-encoding");
  });
});

describe("parseV1Answer", () => {
  it("sorts events into accepted, retry and dropped, with notes for unusual results", () => {
    const body = JSON.stringify({
      results: {
        a: { result: "ok" },
        b: { result: "retry", details: "not_persisted" },
        c: { result: "drop", details: "invalid_event" },
        d: { result: "limited", details: "person_processing_disabled" },
        e: { result: "unknown_future_result", details: "x" },
        f: { result: "drop" },
      },
    });
    const outcome = parseV1Answer(body, ["a", "b", "c", "d", "e", "f", "g"]).getOrThrow();
    expect(outcome.accepted).toEqual(["a", "d", "e", "g"]);
    expect(outcome.retry).toEqual(["b"]);
    expect(outcome.dropped).toEqual([
      { uuid: "c", reason: "invalid_event" },
      { uuid: "f", reason: "drop" },
    ]);
    expect(outcome.notes).toEqual([
      { uuid: "d", result: "limited", details: "person_processing_disabled" },
      { uuid: "e", result: "unknown_future_result", details: "x" },
    ]);
  });

  it("counts an empty body, an empty map or a missing map as all accepted", () => {
    for (const body of ["", "{}", '{"results":{}}', '{"results":null}']) {
      expect(parseV1Answer(body, ["a"]).getOrThrow().accepted).toEqual(["a"]);
    }
  });

  it("refuses an answer that is not the V1 JSON", () => {
    for (const body of ["<html>", "[]", '{"results":[1]}']) {
      const outcome = parseV1Answer(body, ["a"]);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.error.kind).toBe("serialization");
    }
  });

  it("ignores results for uuids it did not send", () => {
    const outcome = parseV1Answer('{"results":{"zz":{"result":"retry"}}}', ["a"]).getOrThrow();
    expect(outcome).toEqual({ accepted: ["a"], retry: [], dropped: [], notes: [] });
  });
});
