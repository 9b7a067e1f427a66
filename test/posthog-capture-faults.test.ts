/**
 * The capture path under faults, end to end: the real `PostHogActor` and `createPostHog`
 * against the real test server over HTTP on 127.0.0.1, with faults injected by the server
 * (outages, status sequences with `Retry-After`, unreachability, size limits). Each test
 * checks the promise of the package: every event delivered exactly once (by uuid), or
 * accounted for as rejected, dropped or handed back.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "../packages/core/src/index.ts";
import { type CaptureEvent, createPostHog, PostHogActor } from "../packages/posthog/src/index.ts";
import { startTestServer, type TestServer } from "../packages/posthog/src/testing/index.ts";

const API_KEY = "phc_test_capture_faults";

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

function pageView(i: number) {
  return {
    distinctId: `user-${i % 97}`,
    event: "$pageview",
    properties: { $current_url: `https://example.com/page/${i}`, index: i },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function expectExactlyOnce(sent: readonly string[]): void {
  const received = server.uuids();
  expect(received.length).toBe(sent.length);
  expect(new Set(received)).toEqual(new Set(sent));
}

describe("capture under load and faults", () => {
  it("delivers a 100,000-event burst with default options completely and exactly once", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url });
    const uuids: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const sent = posthog.capture(pageView(i));
      if (!sent.ok) throw sent.error;
      uuids.push(sent.value);
    }
    const report = await posthog.flush();
    expect(report).toMatchObject({ rejected: 0, dropped: 0, parked: 0, undelivered: 0 });
    expect(posthog.stats()).toMatchObject({ delivered: 100_000, queued: 0, inFlight: 0 });
    const result = await posthog.shutdown(5_000);
    expect(result.status).toBe("completed");
    expect(result.actor?.undelivered()).toEqual([]);
    expectExactlyOnce(uuids);
    const batches = server.requestsTo("capture").map((r) => r.acceptedEvents.length);
    expect(Math.max(...batches)).toBeLessThanOrEqual(1_000);
  }, 30_000);

  it("rides out an outage (503) during steady capture, then delivers everything soon after recovery", async () => {
    const outageMs = 2_000;
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url, flushAt: 20 });
    const uuids: string[] = [];
    let i = 0;
    const capture = (): void => {
      for (let k = 0; k < 5; k++) uuids.push(posthog.capture(pageView(i++)).value ?? "");
    };
    const ticker = setInterval(capture, 20);
    await sleep(300);
    server.setFaults({ kind: "outage", status: 503, durationMs: outageMs });
    const recoveredAt = Date.now() + outageMs;
    await sleep(outageMs + 1_500);
    clearInterval(ticker);
    const report = await posthog.flush();
    expect(report.rejected).toBe(0);
    const firstAfter = server.requests.find((r) => r.status === 200 && r.receivedAt >= recoveredAt);
    expect(firstAfter).toBeDefined();
    expect((firstAfter?.receivedAt ?? Number.POSITIVE_INFINITY) - recoveredAt).toBeLessThan(2_000);
    expect(server.stats().statuses[503]).toBeGreaterThan(0);
    await posthog.shutdown(5_000);
    expectExactlyOnce(uuids);
  }, 20_000);

  it("waits as a 429's Retry-After asks, even past the backoff cap, then delivers", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [{ kind: "status", status: 429, retryAfter: 1 }, 200],
    });
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url, retryProbeMs: 100 });
    const retries: (number | undefined)[] = [];
    posthog.on("retry", (retry) => retries.push(retry.status));
    const uuids = [0, 1, 2].map((i) => posthog.capture(pageView(i)).value ?? "");
    const report = await posthog.flush();
    expect(report).toMatchObject({ delivered: 3 });
    const [first, second] = server.requestsTo("capture");
    expect(first?.status).toBe(429);
    expect(second?.status).toBe(200);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
    expect(retries).toEqual([429]);
    expect(posthog.stats()).toMatchObject({ retries: 1, delivered: 3 });
    await posthog.shutdown(1_000);
    expectExactlyOnce(uuids);
  });

  it("against an unreachable host, shutdown(2000) resolves on time with every event handed back", async () => {
    await server.unreachable();
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url, flushAt: 10 });
    const uuids: string[] = [];
    for (let i = 0; i < 250; i++) uuids.push(posthog.capture(pageView(i)).value ?? "");
    await sleep(200);
    const started = Date.now();
    const result = await posthog.shutdown(2_000);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1_900);
    expect(elapsed).toBeLessThan(2_300);
    const undelivered = result.actor?.undelivered() ?? [];
    expect(undelivered.map((e) => e.uuid)).toEqual(uuids);
    const stats = result.actor?.stats();
    expect(stats).toMatchObject({ delivered: 0, rejected: 0, dropped: 0 });
    expect(server.uuids()).toEqual([]);
  });

  it("hands queued events over from a killed actor to a new one, without duplicates or new stamps", async () => {
    const [first, firstDone] = spawn(PostHogActor, {
      apiKey: API_KEY,
      host: server.url,
      flushAt: 1_000,
    });
    const uuids: string[] = [];
    for (let i = 0; i < 300; i++) {
      const told = first.tryTell("capture", { ...pageView(i), uuid: undefined });
      expect(told.ok).toBe(true);
    }
    const handled = await first.ask("stats");
    expect(handled.value?.queued).toBe(300);
    for (let i = 300; i < 500; i++) first.tryTell("capture", pageView(i));
    first.kill();
    const killed = await firstDone;
    expect(killed.killed).toBe(true);
    expect(killed.unprocessed.length).toBeGreaterThan(0);
    const handedBack: CaptureEvent[] = killed.actor?.undelivered() ?? [];
    expect(handedBack).toHaveLength(500);
    uuids.push(...handedBack.map((e) => e.uuid));
    expect(new Set(uuids).size).toBe(500);
    expect(server.uuids()).toEqual([]);

    const [second, secondDone] = spawn(PostHogActor, { apiKey: API_KEY, host: server.url });
    for (const event of handedBack) second.tryTell("capture", event);
    expect((await second.ask("flush")).value).toMatchObject({ delivered: 500 });
    await second.stop();
    await secondDone;
    expectExactlyOnce(uuids);
    const byUuid = server.eventsByUuid();
    for (const event of handedBack) {
      expect(byUuid.get(event.uuid)?.[0]?.timestamp).toBe(event.timestamp);
    }
  });

  it("splits a batch PostHog refuses as too large (413) and rejects only the event that is too large alone", async () => {
    await server.close();
    server = await startTestServer({ maxEventBytes: 4_000, maxRequestBytes: 20_000 });
    const posthog = createPostHog({
      apiKey: API_KEY,
      host: server.url,
      flushAt: 1_000,
      compression: "none",
    });
    const rejected: string[] = [];
    posthog.on("reject", (r) => rejected.push(...r.events.map((e) => `${r.reason}:${e.uuid}`)));
    const uuids: string[] = [];
    let big = "";
    for (let i = 0; i < 40; i++) {
      const padding = i === 17 ? "x".repeat(6_000) : "y".repeat(900);
      const uuid = posthog.capture({ ...pageView(i), properties: { padding } }).value ?? "";
      if (i === 17) big = uuid;
      else uuids.push(uuid);
    }
    const report = await posthog.flush();
    expect(report).toMatchObject({ delivered: 39, rejected: 1 });
    expect(rejected).toEqual([`event-too-large:${big}`]);
    expect(server.stats().statuses[413]).toBeGreaterThan(1);
    await posthog.shutdown(1_000);
    expectExactlyOnce(uuids);
  });

  it("isolates the one bad event of a batch PostHog refuses (400), delivers the rest, and rejects it with PostHog's reason", async () => {
    const badRequest = {
      kind: "status" as const,
      status: 400,
      body: {
        type: "validation_error",
        code: "invalid_payload",
        detail: "batch[5]: invalid event",
      },
    };
    // One request at a time, halves in order: [0-7] [0-3] [4-7] [4,5] [4] [5] [6,7].
    server.setFaults({
      kind: "sequence",
      steps: [badRequest, 200, badRequest, badRequest, 200, badRequest, 200],
    });
    const posthog = createPostHog({
      apiKey: API_KEY,
      host: server.url,
      flushAt: 1_000,
      maxInFlight: 1,
    });
    const reasons: string[] = [];
    posthog.on("reject", (r) => reasons.push(`${r.reason}:${r.events.length}`));
    const uuids = Array.from({ length: 8 }, (_, i) => posthog.capture(pageView(i)).value ?? "");
    const report = await posthog.flush();
    expect(report).toMatchObject({ delivered: 7, rejected: 1 });
    expect(reasons).toEqual(["batch[5]: invalid event:1"]);
    await posthog.shutdown(1_000);
    expectExactlyOnce(uuids.filter((_, i) => i !== 5));
  });

  it("drops the oldest events when the byte bound overflows, counted and emitted, and delivers the rest", async () => {
    await server.unreachable();
    const posthog = createPostHog({
      apiKey: API_KEY,
      host: server.url,
      flushAt: 10_000,
      maxQueueBytes: 20_000,
    });
    const dropped: string[] = [];
    posthog.on("drop", (d) => {
      expect(d.reason).toBe("queue-full");
      dropped.push(...d.events.map((e) => e.uuid));
    });
    const uuids = Array.from({ length: 400 }, (_, i) => posthog.capture(pageView(i)).value ?? "");
    const stats = (await posthog.ref.ask("stats")).value;
    expect(stats?.dropped).toBe(dropped.length);
    expect(dropped.length).toBeGreaterThan(0);
    expect(stats?.bytes).toBeLessThanOrEqual(20_000);
    expect(dropped).toEqual(uuids.slice(0, dropped.length));
    await server.reachable();
    const report = await posthog.flush();
    expect(report.delivered).toBe(400 - dropped.length);
    await posthog.shutdown(1_000);
    expectExactlyOnce(uuids.slice(dropped.length));
  });
});
