import { describe, expect, it } from "vitest";
import { LIB_NAME, LIB_VERSION } from "../../src/capture/library.ts";
import type { CaptureEvent } from "../../src/capture/types.ts";
import { sizeWireEvent, toWire } from "../../src/capture/wire.ts";

const base: CaptureEvent = {
  distinctId: "u1",
  event: "e",
  properties: { plan: "pro" },
  timestamp: "2024-01-01T00:00:00.000Z",
  uuid: "0190b3e4-0000-7000-8000-000000000001",
};

describe("toWire", () => {
  it("adds $lib and $lib_version to a copy of the properties", () => {
    const wire = toWire(base, false);
    expect(wire).toEqual({
      uuid: base.uuid,
      event: "e",
      distinct_id: "u1",
      timestamp: base.timestamp,
      type: "capture",
      properties: { plan: "pro", $lib: LIB_NAME, $lib_version: LIB_VERSION },
    });
    expect(base.properties).toEqual({ plan: "pro" });
  });

  it("sets $geoip_disable from the option or the event, and $groups from groups", () => {
    expect(toWire(base, true).properties.$geoip_disable).toBe(true);
    expect(toWire({ ...base, disableGeoip: true }, false).properties.$geoip_disable).toBe(true);
    expect(toWire(base, false).properties).not.toHaveProperty("$geoip_disable");
    expect(toWire({ ...base, groups: { company: "acme" } }, false).properties.$groups).toEqual({
      company: "acme",
    });
  });
});

describe("sizeWireEvent", () => {
  it("measures the JSON in UTF-8 bytes", () => {
    const wire = toWire({ ...base, properties: { s: "é" } }, false);
    expect(sizeWireEvent(wire).value?.bytes).toBe(Buffer.byteLength(JSON.stringify(wire)));
  });

  it("refuses an event over the per-event limit", () => {
    const wire = toWire({ ...base, properties: { blob: "x".repeat(2000) } }, false);
    const result = sizeWireEvent(wire, 1000);
    expect(result.error?.kind).toBe("invalid-event");
    expect(result.error?.message).toMatch(/over the 1000 bytes/);
  });

  it("turns a toJSON that throws into an error value", () => {
    const bad = {
      toJSON() {
        throw new Error("boom");
      },
    };
    const result = sizeWireEvent(toWire({ ...base, properties: { bad } }, false));
    expect(result.error?.field).toBe("properties");
  });
});
