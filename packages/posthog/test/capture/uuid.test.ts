import { describe, expect, it } from "vitest";
import { UUID_PATTERN, uuidv7 } from "../../src/capture/uuid.ts";

describe("uuidv7", () => {
  it("makes RFC 9562 version 7 ids with the variant bits set", () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id).toMatch(UUID_PATTERN);
      expect(id[14]).toBe("7");
      expect(["8", "9", "a", "b"]).toContain(id[19]);
    }
  });

  it("encodes the millisecond timestamp in the first 48 bits", () => {
    const now = Date.UTC(2030, 0, 1);
    const id = uuidv7(now);
    const ms = Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16);
    expect(ms).toBe(now);
  });

  it("keeps ids strictly increasing within one millisecond", () => {
    const now = Date.UTC(2031, 5, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidv7(now));
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
