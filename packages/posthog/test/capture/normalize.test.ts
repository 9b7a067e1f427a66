import { describe, expect, it } from "vitest";
import {
  aliasToCapture,
  groupIdentifyToCapture,
  identifyToCapture,
  prepareCapture,
  toIsoTimestamp,
} from "../../src/capture/normalize.ts";
import type { CaptureInput } from "../../src/capture/types.ts";

function errorOf(input: unknown) {
  const result = prepareCapture(input as CaptureInput);
  if (result.ok) throw new Error("expected an error");
  return result.error;
}

describe("prepareCapture", () => {
  it("fixes a UUID v7 and an ISO 8601 UTC timestamp when none is given", () => {
    const now = Date.UTC(2024, 4, 1, 12);
    const result = prepareCapture({ distinctId: "u1", event: "signed_up" }, now);
    expect(result.ok).toBe(true);
    expect(result.value?.timestamp).toBe("2024-05-01T12:00:00.000Z");
    expect(result.value?.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it("keeps a given uuid and converts a timestamp with an offset to UTC, keeping the instant", () => {
    const uuid = "0190B3E4-0000-7000-8000-000000000001";
    const result = prepareCapture({
      distinctId: "u1",
      event: "e",
      uuid,
      timestamp: "2024-05-01T12:00:00+02:00",
    });
    expect(result.value?.uuid).toBe(uuid.toLowerCase());
    expect(result.value?.timestamp).toBe("2024-05-01T10:00:00.000Z");
  });

  it("accepts a Date and Unix milliseconds as timestamps", () => {
    const ms = Date.UTC(2023, 0, 2, 3, 4, 5, 6);
    expect(prepareCapture({ distinctId: "u", event: "e", timestamp: ms }).value?.timestamp).toBe(
      "2023-01-02T03:04:05.006Z",
    );
    expect(
      prepareCapture({ distinctId: "u", event: "e", timestamp: new Date(ms) }).value?.timestamp,
    ).toBe("2023-01-02T03:04:05.006Z");
  });

  it("sends user properties unchanged", () => {
    const properties = { plan: "pro", nested: { a: [1, 2] }, when: new Date(0) };
    expect(prepareCapture({ distinctId: "u", event: "e", properties }).value?.properties).toBe(
      properties,
    );
  });

  it.each([
    [{ distinctId: "", event: "e" }, "distinctId"],
    [{ distinctId: "   ", event: "e" }, "distinctId"],
    [{ distinctId: 42, event: "e" }, "distinctId"],
    [{ event: "e" }, "distinctId"],
    [{ distinctId: "u", event: "" }, "event"],
    [{ distinctId: "u", event: "x".repeat(201) }, "event"],
    [{ distinctId: "x".repeat(201), event: "e" }, "distinctId"],
    [{ distinctId: "u", event: "e", properties: [1] }, "properties"],
    [{ distinctId: "u", event: "e", timestamp: "not a date" }, "timestamp"],
    [{ distinctId: "u", event: "e", uuid: "nope" }, "uuid"],
    [{ distinctId: "u", event: "e", groups: { company: {} } }, "groups.company"],
    [{ distinctId: "u", event: "e", disableGeoip: "yes" }, "disableGeoip"],
    [null, "event"],
  ])("rejects %j naming the field %s", (input, field) => {
    const error = errorOf(input);
    expect(error.kind).toBe("invalid-event");
    expect(error.field).toBe(field);
  });

  it("accepts names of exactly 200 characters", () => {
    expect(prepareCapture({ distinctId: "x".repeat(200), event: "y".repeat(200) }).ok).toBe(true);
  });

  it("refuses BigInt, functions and cycles with the path of the value, without throwing", () => {
    expect(errorOf({ distinctId: "u", event: "e", properties: { id: 1n } }).field).toBe(
      "properties.id",
    );
    expect(errorOf({ distinctId: "u", event: "e", properties: { a: { f: () => 1 } } }).field).toBe(
      "properties.a.f",
    );
    const cyclic: Record<string, unknown> = { list: [] };
    (cyclic.list as unknown[]).push(cyclic);
    const error = errorOf({ distinctId: "u", event: "e", properties: { cyclic } });
    expect(error.field).toBe("properties.cyclic.list[0]");
    expect(error.message).toMatch(/cycle/);
  });

  it("accepts an object shared twice that is not a cycle", () => {
    const shared = { a: 1 };
    expect(
      prepareCapture({ distinctId: "u", event: "e", properties: { x: shared, y: shared } }).ok,
    ).toBe(true);
  });
});

describe("prepareCapture options, flags and route", () => {
  it("merges per-event options as PostHog's sentinel properties, over the caller's", () => {
    const event = prepareCapture({
      distinctId: "u",
      event: "e",
      properties: { plan: "pro", $process_person_profile: true },
      options: { processPersonProfile: false, productTourId: "tour_1", cookielessMode: undefined },
    }).getOrThrow();
    expect(event.properties).toEqual({
      plan: "pro",
      $process_person_profile: false,
      $product_tour_id: "tour_1",
    });
  });

  it("refuses an option of the wrong type or an unknown one, naming it", () => {
    const wrong = prepareCapture({
      distinctId: "u",
      event: "e",
      options: { cookielessMode: "yes" as unknown as boolean },
    });
    expect(wrong.error).toMatchObject({ kind: "invalid-event", field: "options.cookielessMode" });
    const unknown = prepareCapture({
      distinctId: "u",
      event: "e",
      options: { sampleRate: 1 } as never,
    });
    expect(unknown.error).toMatchObject({ field: "options.sampleRate" });
  });

  it("adds a flags snapshot's properties, the caller's own winning", () => {
    const flags = {
      eventProperties: () => ({ "$feature/beta": true, $active_feature_flags: ["beta"] }),
    };
    const event = prepareCapture({
      distinctId: "u",
      event: "e",
      flags,
      properties: { $active_feature_flags: [] },
    }).getOrThrow();
    expect(event.properties).toEqual({ "$feature/beta": true, $active_feature_flags: [] });
    expect(event).not.toHaveProperty("flags");
  });

  it("refuses flags that are not a snapshot, or whose reading throws", () => {
    expect(prepareCapture({ distinctId: "u", event: "e", flags: {} as never }).error?.field).toBe(
      "flags",
    );
    const throwing = {
      eventProperties: () => {
        throw new Error("boom");
      },
    };
    expect(prepareCapture({ distinctId: "u", event: "e", flags: throwing }).error?.field).toBe(
      "flags",
    );
  });

  it("keeps the AI route and refuses any other", () => {
    expect(prepareCapture({ distinctId: "u", event: "e", route: "ai" }).value?.route).toBe("ai");
    expect(prepareCapture({ distinctId: "u", event: "e" }).value).not.toHaveProperty("route");
    expect(prepareCapture({ distinctId: "u", event: "e", route: "v2" as never }).error?.field).toBe(
      "route",
    );
  });
});

describe("toIsoTimestamp", () => {
  it("returns undefined for an invalid date", () => {
    expect(toIsoTimestamp(new Date(Number.NaN))).toBeUndefined();
  });
});

describe("identifyToCapture", () => {
  it("treats plain properties as $set", () => {
    const result = identifyToCapture({ distinctId: "u1", properties: { email: "a@b.c" } });
    expect(result.value).toEqual({
      distinctId: "u1",
      event: "$identify",
      properties: { $set: { email: "a@b.c" }, $set_once: {} },
    });
  });

  it("passes $set, $set_once and $anon_distinct_id through", () => {
    const result = identifyToCapture({
      distinctId: "u1",
      properties: { $set: { a: 1 }, $set_once: { b: 2 }, $anon_distinct_id: "anon" },
      uuid: "0190b3e4-0000-7000-8000-000000000001",
    });
    expect(result.value?.properties).toEqual({
      $set: { a: 1 },
      $set_once: { b: 2 },
      $anon_distinct_id: "anon",
    });
    expect(result.value?.uuid).toBe("0190b3e4-0000-7000-8000-000000000001");
  });
});

describe("aliasToCapture", () => {
  it("maps onto $create_alias", () => {
    expect(aliasToCapture({ distinctId: "u1", alias: "anon-1" }).value).toEqual({
      distinctId: "u1",
      event: "$create_alias",
      properties: { distinct_id: "u1", alias: "anon-1" },
    });
  });

  it("rejects an empty alias", () => {
    expect(aliasToCapture({ distinctId: "u1", alias: "" }).error?.field).toBe("alias");
  });
});

describe("groupIdentifyToCapture", () => {
  it("maps onto $groupidentify with a derived distinct id", () => {
    expect(
      groupIdentifyToCapture({ groupType: "company", groupKey: "acme", properties: { n: 1 } })
        .value,
    ).toEqual({
      distinctId: "$company_acme",
      event: "$groupidentify",
      properties: { $group_type: "company", $group_key: "acme", $group_set: { n: 1 } },
    });
  });

  it("uses the given distinct id", () => {
    expect(
      groupIdentifyToCapture({ groupType: "company", groupKey: 7, distinctId: "u1" }).value
        ?.distinctId,
    ).toBe("u1");
  });

  it("rejects a missing group key", () => {
    expect(groupIdentifyToCapture({ groupType: "company", groupKey: "" }).error?.field).toBe(
      "groupKey",
    );
  });
});
