import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkJson } from "../../src/capture/json-check.ts";
import { prepareCapture } from "../../src/capture/normalize.ts";
import type { CaptureEvent } from "../../src/capture/types.ts";
import { toWire } from "../../src/capture/wire.ts";
import { wireSize } from "../../src/capture/wire-size.ts";

const exact = (event: CaptureEvent, geoip: boolean): number =>
  Buffer.byteLength(JSON.stringify(toWire(event, geoip)));

/** Strings with quotes, backslashes, control characters, non-ASCII and lone surrogates. */
const text = fc.string({ unit: "binary", maxLength: 12 });
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.date({ noInvalidDate: false }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(text, tie("value"), { maxKeys: 4 }),
  ),
})).value;

const event = fc.record(
  {
    distinctId: text.filter((s) => s.trim().length > 0),
    event: text.filter((s) => s.trim().length > 0),
    properties: fc.dictionary(text, json, { maxKeys: 6 }),
    groups: fc.dictionary(text, fc.oneof(text, fc.integer(), fc.double())),
    disableGeoip: fc.boolean(),
  },
  { requiredKeys: ["distinctId", "event"] },
);

describe("wireSize", () => {
  it("equals the UTF-8 length of the wire JSON, whatever the event holds", () => {
    fc.assert(
      fc.property(event, fc.boolean(), (input, geoip) => {
        const prepared = prepareCapture(input);
        if (!prepared.ok) return;
        const size = wireSize(prepared.value, geoip);
        if (size !== undefined) expect(size).toBe(exact(prepared.value, geoip));
      }),
      { numRuns: 500 },
    );
  });

  it("leaves to the caller properties that set the library's keys or serialise through toJSON", () => {
    const base = { distinctId: "u", event: "e" };
    const own = prepareCapture({ ...base, properties: { $lib: "mine" } });
    expect(own.ok && wireSize(own.value, false)).toBeUndefined();
    const custom = { toJSON: () => "x" };
    expect(wireSize({ ...base, uuid: "u", timestamp: "t", properties: custom }, false)).toBe(
      undefined,
    );
  });
});

describe("checkJson", () => {
  it("bounds the UTF-8 length of the JSON from above", () => {
    fc.assert(
      fc.property(fc.dictionary(text, json, { maxKeys: 6 }), (value) => {
        const bound = checkJson(value, "properties");
        expect(typeof bound).toBe("number");
        expect(Buffer.byteLength(JSON.stringify(value))).toBeLessThanOrEqual(bound as number);
      }),
      { numRuns: 500 },
    );
  });
});
