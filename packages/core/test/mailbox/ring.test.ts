import { describe, expect, it } from "vitest";
import { Ring, type Slot2 } from "../../src/mailbox/ring.ts";

type Head = { readonly hasPayload: boolean; readonly label: string };
const bare = (label: string): Head => ({ hasPayload: false, label });
const loaded = (label: string): Head => ({ hasPayload: true, label });

function takeAll(ring: Ring<Head>): string[] {
  const out: Slot2<Head> = { a: undefined, b: undefined };
  const seen: string[] = [];
  while (ring.shiftInto(out)) {
    seen.push(out.a?.hasPayload ? `${out.a.label}=${String(out.b)}` : (out.a?.label ?? "?"));
  }
  return seen;
}

describe("Ring", () => {
  it("is a FIFO of records with and without payload slots", () => {
    const ring = new Ring<Head>();
    ring.push(bare("a"), undefined);
    ring.push(loaded("b"), 1);
    ring.push(bare("c"), "ignored");
    expect(ring.size).toBe(3);
    expect(takeAll(ring)).toEqual(["a", "b=1", "c"]);
    expect(ring.size).toBe(0);
  });

  it("keeps order across wrap-around and growth", () => {
    const ring = new Ring<Head>();
    const expected: string[] = [];
    const out: Slot2<Head> = { a: undefined, b: undefined };
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 1 + (round % 7); i++) {
        const n = next++;
        if (n % 3 === 0) ring.push(bare(`m${n}`), undefined);
        else ring.push(loaded(`m${n}`), n);
        expected.push(n % 3 === 0 ? `m${n}` : `m${n}=${n}`);
      }
      for (let i = 0; i < round % 5; i++) {
        if (!ring.shiftInto(out)) break;
        const got = out.a?.hasPayload ? `${out.a.label}=${String(out.b)}` : out.a?.label;
        expect(got).toBe(expected.shift());
      }
    }
    expect(takeAll(ring)).toEqual(expected);
  });

  it("drains every record in order", () => {
    const ring = new Ring<Head>();
    for (let i = 0; i < 10; i++) ring.push(loaded(`x${i}`), i);
    const seen: unknown[] = [];
    ring.drain((head, payload) => seen.push([head.label, payload]));
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => [`x${i}`, i]));
    expect(ring.size).toBe(0);
  });
});
