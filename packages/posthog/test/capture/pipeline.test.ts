import { EventEmitter } from "eventemitter3";
import { Result } from "typescript-result";
import { describe, expect, it } from "vitest";
import type { PostHogCaptureEvents } from "../../src/capture/events.ts";
import { prepareCapture } from "../../src/capture/normalize.ts";
import { DeliveryPipeline, type PipelineOptions } from "../../src/capture/pipeline.ts";
import type { PartialOutcome, Transport } from "../../src/capture/transport.ts";
import type { CaptureEvent, WireEvent } from "../../src/capture/types.ts";
import { PostHogError } from "../../src/errors/posthog-error.ts";

function event(i: number, properties: Record<string, unknown> = {}): CaptureEvent {
  const result = prepareCapture({ distinctId: `u${i}`, event: `e${i}`, properties });
  if (!result.ok) throw result.error;
  return result.value;
}

function api(status: number, detail?: string) {
  return Result.error(
    new PostHogError("api", { status, body: undefined, code: undefined, detail }),
  );
}

/** A transport that records what it was sent and answers through `answer`. */
function recorder(
  answer: (events: readonly WireEvent[]) => Result<PartialOutcome | undefined, PostHogError> = () =>
    Result.ok(undefined),
) {
  const sent: WireEvent[][] = [];
  const transport: Transport = async (events) => {
    sent.push([...events]);
    await new Promise((resolve) => setImmediate(resolve));
    return answer(events);
  };
  return { sent, transport };
}

function pipeline(transport: Transport, options: Partial<PipelineOptions> = {}) {
  const emitter = new EventEmitter<PostHogCaptureEvents>();
  const p = new DeliveryPipeline({
    transport,
    emitter,
    flushAt: 100,
    limits: { maxEvents: 1000, maxBytes: 5 * 1024 * 1024 },
    maxQueueBytes: 64 * 1024 * 1024,
    maxInFlight: 2,
    retryProbeMs: 20,
    parkedRetryMs: 1000,
    disableGeoip: false,
    ...options,
  });
  return { p, emitter };
}

describe("DeliveryPipeline", () => {
  it("waits for flushAt events, or the timer's tick, before sending", async () => {
    const { sent, transport } = recorder();
    const { p } = pipeline(transport, { flushAt: 3 });
    p.accept(event(1));
    p.accept(event(2));
    await new Promise((r) => setImmediate(r));
    expect(sent).toHaveLength(0);
    p.accept(event(3));
    expect(sent).toHaveLength(1);
    p.accept(event(4));
    p.tick();
    expect(sent.map((b) => b.length)).toEqual([3, 1]);
    await p.flush();
    expect(p.stats()).toMatchObject({ delivered: 4, queued: 0, inFlight: 0, bytes: 0 });
  });

  it("keeps at most maxInFlight requests in flight", async () => {
    let active = 0;
    let peak = 0;
    const transport: Transport = async () => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active -= 1;
      return Result.ok(undefined);
    };
    const { p } = pipeline(transport, { flushAt: 1, limits: { maxEvents: 1, maxBytes: 1e6 } });
    for (let i = 0; i < 20; i++) p.accept(event(i));
    expect(p.stats().inFlight).toBe(2);
    expect(p.stats().queued).toBe(18);
    const report = await p.flush();
    expect(report.delivered).toBe(20);
    expect(peak).toBe(2);
  });

  it("splits a batch on 413 and rejects a single event still too large", async () => {
    const { sent, transport } = recorder((events) =>
      events.some((e) => e.properties.big) ? api(413) : Result.ok(undefined),
    );
    const { p, emitter } = pipeline(transport);
    const rejects: string[] = [];
    emitter.on("reject", (r) => rejects.push(`${r.reason}:${r.events.map((e) => e.event).join()}`));
    for (let i = 0; i < 8; i++) p.accept(event(i, i === 5 ? { big: true } : {}));
    const report = await p.flush();
    expect(report).toMatchObject({ delivered: 7, rejected: 1 });
    expect(rejects).toEqual(["event-too-large:e5"]);
    expect(sent[0]).toHaveLength(8);
    const delivered = new Set(sent.flat().map((e) => e.event));
    expect(delivered.size).toBe(8);
  });

  it("isolates one bad event in a 400 batch, delivers the rest, and rejects it with PostHog's reason", async () => {
    const accepted: string[] = [];
    const { transport } = recorder((events) => {
      if (events.some((e) => e.properties.bad)) return api(400, "Invalid event property");
      accepted.push(...events.map((e) => e.uuid));
      return Result.ok(undefined);
    });
    const { p, emitter } = pipeline(transport);
    const reasons: string[] = [];
    emitter.on("reject", (r) => reasons.push(r.reason));
    const uuids: string[] = [];
    for (let i = 0; i < 100; i++)
      uuids.push(p.accept(event(i, i === 37 ? { bad: true } : {})).value ?? "");
    const report = await p.flush();
    expect(report).toMatchObject({ delivered: 99, rejected: 1 });
    expect(reasons).toEqual(["Invalid event property"]);
    expect(new Set(accepted)).toEqual(new Set(uuids.filter((_, i) => i !== 37)));
    expect(accepted).toHaveLength(99);
  });

  it("rejects a 401 batch as it is, without retrying or splitting, and emits an error", async () => {
    const { sent, transport } = recorder(() => api(401));
    const { p, emitter } = pipeline(transport);
    const errors: PostHogError[] = [];
    emitter.on("error", (e) => errors.push(e));
    for (let i = 0; i < 10; i++) p.accept(event(i));
    expect(await p.flush()).toMatchObject({ rejected: 10 });
    expect(sent).toHaveLength(1);
    expect(errors).toHaveLength(1);
  });

  it("parks a batch whose attempts are used up and resends it as soon as a later request succeeds", async () => {
    let down = true;
    const { sent, transport } = recorder(() => (down ? api(503) : Result.ok(undefined)));
    const { p, emitter } = pipeline(transport, { flushAt: 1000 });
    const exhausted: number[] = [];
    emitter.on("retry-exhausted", (e) => exhausted.push(e.count));
    for (let i = 0; i < 5; i++) p.accept(event(i));
    expect(await p.flush()).toMatchObject({ parked: 5 });
    expect(exhausted).toEqual([5]);
    expect(p.stats().parked).toBe(5);
    down = false;
    p.accept(event(99));
    p.tick();
    await new Promise((r) => setTimeout(r, 20));
    expect(p.stats()).toMatchObject({ parked: 0, delivered: 6 });
    expect(sent.map((b) => b.length)).toEqual([5, 1, 5]);
  });

  it("resends parked batches on the timer once parkedRetryMs has passed", async () => {
    let now = 0;
    let down = true;
    const { sent, transport } = recorder(() => (down ? api(503) : Result.ok(undefined)));
    const { p } = pipeline(transport, { parkedRetryMs: 30_000, now: () => now });
    p.accept(event(1));
    await p.flush();
    down = false;
    now = 29_000;
    p.tick();
    expect(sent).toHaveLength(1);
    expect(p.parkedDueIn()).toBe(1000);
    now = 30_000;
    p.tick();
    expect(sent).toHaveLength(2);
    expect((await p.flush()).delivered).toBe(1);
  });

  it("waits parkedRetryMs from each batch's own parking before the timer resends it", async () => {
    let now = 0;
    const { sent, transport } = recorder(() => api(503));
    const { p } = pipeline(transport, { flushAt: 1, parkedRetryMs: 30_000, now: () => now });
    const settle = () => new Promise((r) => setTimeout(r, 10));
    p.accept(event(1));
    await settle();
    now = 25_000;
    p.accept(event(2));
    await settle();
    expect(p.stats().parked).toBe(2);
    now = 30_000;
    p.tick();
    expect(sent.map((b) => b[0]?.event)).toEqual(["e1", "e2", "e1"]);
    await settle();
    expect(p.parkedDueIn()).toBe(25_000);
  });

  it("a flush sends parked batches again and reports their new outcome", async () => {
    let down = true;
    const { transport } = recorder(() => (down ? api(503) : Result.ok(undefined)));
    const { p } = pipeline(transport);
    p.accept(event(1));
    expect(await p.flush()).toMatchObject({ parked: 1 });
    down = false;
    expect(await p.flush()).toMatchObject({ delivered: 1, parked: 0 });
  });

  it("drops the oldest events when the byte bound overflows, counted and emitted", async () => {
    const { transport } = recorder();
    const size = JSON.stringify({ ...event(0), x: "" }).length;
    const { p, emitter } = pipeline(transport, { flushAt: 1000, maxQueueBytes: size * 10 });
    const dropped: string[] = [];
    emitter.on("drop", (d) => {
      expect(d.reason).toBe("queue-full");
      dropped.push(...d.events.map((e) => e.event));
    });
    for (let i = 0; i < 50; i++) p.accept(event(i));
    const stats = p.stats();
    expect(stats.dropped).toBe(dropped.length);
    expect(stats.dropped).toBeGreaterThan(30);
    expect(stats.bytes).toBeLessThanOrEqual(size * 10);
    expect(dropped[0]).toBe("e0");
    const report = await p.flush();
    expect(report).toMatchObject({ delivered: 50 - stats.dropped, dropped: 0 });
    expect(p.stats().delivered + p.stats().dropped).toBe(50);
  });

  it("drains within the deadline, aborts what is in flight, and hands it back in capture order", async () => {
    const transport: Transport = (_events, { signal }) =>
      new Promise((resolve) => {
        signal.addEventListener("abort", () =>
          resolve(Result.error(new PostHogError("request", { reason: "abort" }))),
        );
      });
    const { p } = pipeline(transport, { flushAt: 1, limits: { maxEvents: 2, maxBytes: 1e6 } });
    const uuids: string[] = [];
    for (let i = 0; i < 9; i++) uuids.push(p.accept(event(i)).value ?? "");
    const flushed = p.flush();
    const started = Date.now();
    await p.drain(Date.now() + 50);
    expect(Date.now() - started).toBeLessThan(1000);
    p.closeFlushes();
    expect(await flushed).toMatchObject({ undelivered: 9, delivered: 0 });
    expect(p.undelivered().map((e) => e.uuid)).toEqual(uuids);
    expect(p.closed).toBe(true);
    p.accept(event(10));
    p.tick();
    expect(p.stats().inFlight).toBe(0);
  });

  it("keeps probing parked batches every retryProbeMs while draining", async () => {
    let calls = 0;
    const { transport } = recorder(() => (++calls < 4 ? api(503) : Result.ok(undefined)));
    const { p } = pipeline(transport, { retryProbeMs: 10 });
    p.accept(event(1));
    await p.drain(Date.now() + 2000);
    expect(p.stats()).toMatchObject({ delivered: 1, parked: 0 });
    expect(calls).toBe(4);
  });

  it("counts retries reported by the transport and emits them", async () => {
    const transport: Transport = async (_events, { onRetry }) => {
      onRetry({ attempt: 1, delayMs: 100, status: 503 });
      onRetry({ attempt: 2, delayMs: 200, status: 503 });
      return Result.ok(undefined);
    };
    const { p, emitter } = pipeline(transport);
    const retries: number[] = [];
    emitter.on("retry", (r) => retries.push(r.attempt));
    p.accept(event(1));
    await p.flush();
    expect(retries).toEqual([1, 2]);
    expect(p.stats().retries).toBe(2);
  });

  it("applies a per-event outcome: delivers the rest, rejects the refused, parks the unsettled", async () => {
    const refused: string[] = [];
    let first = true;
    const { transport } = recorder((events) => {
      if (!first) return Result.ok(undefined);
      first = false;
      return Result.ok({
        rejected: [{ uuid: events[1]?.uuid ?? "", reason: "invalid_event" }],
        unsettled: {
          uuids: [events[2]?.uuid ?? ""],
          error: new PostHogError("request", { reason: "timeout" }),
          retryable: true,
        },
      });
    });
    const { p, emitter } = pipeline(transport);
    emitter.on("reject", (r) => refused.push(`${r.reason}:${r.events[0]?.event}`));
    for (let i = 0; i < 4; i++) p.accept(event(i));
    expect(await p.flush()).toMatchObject({ delivered: 2, rejected: 1, parked: 1 });
    expect(refused).toEqual(["invalid_event:e1"]);
    expect(await p.flush()).toMatchObject({ delivered: 1 });
    expect(p.stats()).toMatchObject({ delivered: 3, rejected: 1, parked: 0, bytes: 0 });
  });

  it("rejects dropped events with an api error of status 200, code drop, and logs remarks", async () => {
    const lines: { fields: unknown; message: string | undefined }[] = [];
    const log = (fields: unknown, message?: string) => lines.push({ fields, message });
    const logger = { debug: log, info: log, warn: log, error: log };
    const { transport } = recorder((events) =>
      Result.ok({
        rejected: [{ uuid: events[0]?.uuid ?? "", reason: "invalid_event" }],
        notes: [{ uuid: events[1]?.uuid ?? "", result: "limited", details: "quota" }],
      }),
    );
    const { p, emitter } = pipeline(transport, { logger });
    const errors: unknown[] = [];
    emitter.on("reject", (r) => errors.push(r.error));
    p.accept(event(0));
    p.accept(event(1));
    expect(await p.flush()).toMatchObject({ delivered: 1, rejected: 1 });
    expect(errors[0]).toMatchObject({
      kind: "api",
      status: 200,
      code: "drop",
      detail: "invalid_event",
    });
    const remark = lines.find((line) => line.message === "PostHog accepted events with a remark");
    expect(remark?.fields).toMatchObject({ notes: [{ result: "limited", details: "quota" }] });
  });

  it("hands back the unsettled events of an exchange the drain deadline aborted", async () => {
    const transport: Transport = (events, { signal }) =>
      new Promise((resolve) => {
        signal.addEventListener("abort", () =>
          resolve(
            Result.ok({
              unsettled: {
                uuids: [events[2]?.uuid ?? ""],
                error: new PostHogError("request", { reason: "abort" }),
                retryable: false,
              },
            }),
          ),
        );
      });
    const { p } = pipeline(transport);
    for (let i = 0; i < 3; i++) p.accept(event(i));
    await p.drain(Date.now() + 30);
    expect(p.undelivered().map((e) => e.event)).toEqual(["e2"]);
    expect(p.stats()).toMatchObject({ delivered: 2, rejected: 0 });
  });

  it("plans unsettled events a final 4xx ended like a failed batch of their own", async () => {
    const { transport } = recorder((events) =>
      Result.ok({
        unsettled: { uuids: [events[0]?.uuid ?? ""], error: api(403).error, retryable: false },
      }),
    );
    const { p, emitter } = pipeline(transport);
    const reasons: string[] = [];
    emitter.on("reject", (r) => reasons.push(r.reason));
    p.accept(event(0));
    p.accept(event(1));
    expect(await p.flush()).toMatchObject({ delivered: 1, rejected: 1 });
    expect(reasons).toEqual(["forbidden"]);
  });

  it("survives a listener that throws", async () => {
    const { transport } = recorder();
    const { p, emitter } = pipeline(transport);
    emitter.on("flush", () => {
      throw new Error("listener bug");
    });
    p.accept(event(1));
    expect((await p.flush()).delivered).toBe(1);
  });

  it("tells when it starts and stops holding events", async () => {
    const changes: boolean[] = [];
    const { transport } = recorder();
    const { p } = pipeline(transport, { onWorkChange: (w) => changes.push(w) });
    p.accept(event(1));
    p.accept(event(2));
    await p.flush();
    expect(changes).toEqual([true, false]);
  });
});
