import { describe, expect, it } from "vitest";
import { cutBatch } from "../../src/capture/batcher.ts";
import { EventQueue } from "../../src/capture/event-queue.ts";
import type { PendingEvent } from "../../src/capture/pending.ts";

function pending(seq: number, bytes = 10): PendingEvent {
  return {
    seq,
    bytes,
    mark: 0,
    event: { distinctId: "u", event: "e", uuid: `${seq}`, timestamp: "t" },
  };
}

describe("EventQueue", () => {
  it("is first in, first out, with a running byte total", () => {
    const queue = new EventQueue();
    for (let i = 0; i < 5000; i++) queue.push(pending(i, i % 7));
    let total = 0;
    for (let i = 0; i < 5000; i++) total += i % 7;
    expect(queue.bytes).toBe(total);
    for (let i = 0; i < 4000; i++) expect(queue.shift()?.seq).toBe(i);
    expect(queue.length).toBe(1000);
    expect(queue.peek()?.seq).toBe(4000);
    expect(queue.toArray().map((p) => p.seq)).toEqual(
      Array.from({ length: 1000 }, (_, i) => 4000 + i),
    );
    expect(queue.takeAll()).toHaveLength(1000);
    expect(queue.length).toBe(0);
    expect(queue.bytes).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });
});

describe("cutBatch", () => {
  it("cuts by count", () => {
    const queue = new EventQueue();
    for (let i = 0; i < 2500; i++) queue.push(pending(i));
    const sizes: number[] = [];
    for (
      let b = cutBatch(queue, { maxEvents: 1000, maxBytes: 1e9 });
      b;
      b = cutBatch(queue, { maxEvents: 1000, maxBytes: 1e9 })
    ) {
      sizes.push(b.events.length);
    }
    expect(sizes).toEqual([1000, 1000, 500]);
  });

  it("cuts by bytes, counting a comma per event", () => {
    const queue = new EventQueue();
    for (let i = 0; i < 10; i++) queue.push(pending(i, 99));
    const batch = cutBatch(queue, { maxEvents: 1000, maxBytes: 500 });
    expect(batch?.events.length).toBe(5);
    expect(batch?.bytes).toBe(5 * 99);
    expect(queue.length).toBe(5);
  });

  it("always takes at least one event, however large", () => {
    const queue = new EventQueue();
    queue.push(pending(0, 10_000));
    queue.push(pending(1, 1));
    expect(cutBatch(queue, { maxEvents: 10, maxBytes: 100 })?.events.map((p) => p.seq)).toEqual([
      0,
    ]);
  });

  it("returns undefined on an empty queue", () => {
    expect(cutBatch(new EventQueue(), { maxEvents: 10, maxBytes: 100 })).toBeUndefined();
  });
});
