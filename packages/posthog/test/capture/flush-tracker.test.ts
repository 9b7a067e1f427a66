import { describe, expect, it } from "vitest";
import { FlushTracker } from "../../src/capture/flush-tracker.ts";

describe("FlushTracker", () => {
  it("resolves at once with zeros when nothing is pending", async () => {
    const tracker = new FlushTracker();
    await expect(tracker.open(0)).resolves.toEqual({
      delivered: 0,
      rejected: 0,
      dropped: 0,
      parked: 0,
      undelivered: 0,
    });
  });

  it("resolves once every covered event has an outcome, counting each outcome", async () => {
    const tracker = new FlushTracker();
    const events = [0, 1, 2, 3].map(() => ({ mark: tracker.currentMark }));
    let settled = false;
    const report = tracker.open(4).then((r) => {
      settled = true;
      return r;
    });
    tracker.record(events[0] as { mark: number }, "delivered");
    tracker.record(events[1] as { mark: number }, "rejected");
    tracker.record(events[2] as { mark: number }, "dropped");
    await Promise.resolve();
    expect(settled).toBe(false);
    tracker.record(events[3] as { mark: number }, "parked");
    expect(await report).toEqual({
      delivered: 1,
      rejected: 1,
      dropped: 1,
      parked: 1,
      undelivered: 0,
    });
  });

  it("does not count events accepted after the flush", async () => {
    const tracker = new FlushTracker();
    const before = { mark: tracker.currentMark };
    const report = tracker.open(1);
    const after = { mark: tracker.currentMark };
    tracker.record(after, "delivered");
    tracker.record(before, "delivered");
    expect((await report).delivered).toBe(1);
  });

  it("counts a parked event once for an old flush and again for a later one", async () => {
    const tracker = new FlushTracker();
    const event = { mark: tracker.currentMark };
    const first = tracker.open(1);
    tracker.record(event, "parked");
    expect(await first).toMatchObject({ parked: 1, delivered: 0 });
    const second = tracker.open(1);
    tracker.record(event, "delivered");
    expect(await second).toMatchObject({ parked: 0, delivered: 1 });
  });

  it("reports what is left as undelivered when closed", async () => {
    const tracker = new FlushTracker();
    const a = { mark: tracker.currentMark };
    const report = tracker.open(3);
    tracker.record(a, "delivered");
    tracker.closeAll();
    expect(await report).toMatchObject({ delivered: 1, undelivered: 2 });
    expect(tracker.waiting).toBe(false);
  });
});
