import { type ActorResult, spawn } from "@tsactor/core";
import { EventEmitter } from "eventemitter3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostHogActor } from "../../src/capture/actor.ts";
import type { PostHogCaptureEvents } from "../../src/capture/events.ts";
import { LIB_NAME, LIB_VERSION } from "../../src/capture/library.ts";
import type { PostHogActorOptions } from "../../src/capture/options.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

const API_KEY = "phc_actor_tests";
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

function start(options: Partial<PostHogActorOptions> = {}) {
  return spawn(PostHogActor, { apiKey: API_KEY, host: server.url, ...options });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function failedStart(result: ActorResult<PostHogActor>): string {
  if (result.status !== "failed") throw new Error("expected a failed start");
  expect(result.phase).toBe("onStart");
  return String((result.error as Error).message);
}

describe("PostHogActor", () => {
  it("declares a deep mailbox and a priority channel for its spawns", () => {
    expect(PostHogActor.spawnOptions).toEqual({ mailboxCapacity: 100_000, priority: true });
  });

  it("fails to start, in phase onStart, with a message naming a bad option", async () => {
    expect(failedStart(await start({ flushAt: 0 })[1])).toMatch(/flushAt.*got 0/);
    expect(failedStart(await start({ apiKey: "phx_personal" })[1])).toMatch(/apiKey/);
    expect(failedStart(await start({ host: "ftp://example.com" })[1])).toMatch(/host/);
    expect(failedStart(await spawn(PostHogActor, {})[1])).toMatch(/apiKey/);
  });

  it("sends events with $lib, $lib_version, their uuid and timestamp, and user properties unchanged", async () => {
    const [posthog, done] = start({ disableGeoip: true });
    const captured = await posthog.ask("capture", {
      distinctId: "u1",
      event: "signed_up",
      properties: { plan: "pro", nested: { a: [1, 2] } },
      timestamp: "2024-05-01T12:00:00+02:00",
      groups: { company: "acme" },
    });
    const uuid = captured.value?.value;
    await posthog.ask("flush");
    const [event] = server.events;
    expect(event).toMatchObject({
      uuid,
      event: "signed_up",
      distinct_id: "u1",
      timestamp: "2024-05-01T10:00:00.000Z",
      properties: {
        plan: "pro",
        nested: { a: [1, 2] },
        $lib: LIB_NAME,
        $lib_version: LIB_VERSION,
        $groups: { company: "acme" },
        $geoip_disable: true,
      },
    });
    await posthog.stop();
    await done;
  });

  it("maps identify, alias and groupIdentify onto PostHog's events", async () => {
    const [posthog, done] = start();
    await posthog.tell("identify", { distinctId: "u1", properties: { email: "a@b.c" } });
    await posthog.tell("alias", { distinctId: "u1", alias: "anon-7" });
    await posthog.tell("groupIdentify", {
      groupType: "company",
      groupKey: "acme",
      properties: { seats: 5 },
    });
    await posthog.ask("flush");
    expect(server.events.map((e) => [e.event, e.distinct_id])).toEqual([
      ["$identify", "u1"],
      ["$create_alias", "u1"],
      ["$groupidentify", "$company_acme"],
    ]);
    expect(server.events[0]?.properties).toMatchObject({ $set: { email: "a@b.c" }, $set_once: {} });
    expect(server.events[1]?.properties).toMatchObject({ alias: "anon-7", distinct_id: "u1" });
    expect(server.events[2]?.properties).toMatchObject({
      $group_type: "company",
      $group_key: "acme",
      $group_set: { seats: 5 },
    });
    await posthog.stop();
    await done;
  });

  it("answers an invalid capture with a typed error and an error event, without touching other events", async () => {
    const events = new EventEmitter<PostHogCaptureEvents>();
    const errors: string[] = [];
    events.on("error", (error) => errors.push(error.kind));
    const [posthog, done] = start({ events });
    await posthog.tell("capture", { distinctId: "u1", event: "before" });
    const bad = await posthog.ask("capture", {
      distinctId: "u1",
      event: "bad",
      properties: { id: 10n },
    });
    await posthog.tell("capture", { distinctId: "u1", event: "after" });
    expect(bad.value?.error).toMatchObject({ kind: "invalid-event", field: "properties.id" });
    expect(errors).toEqual(["invalid-event"]);
    await posthog.ask("flush");
    expect(server.events.map((e) => e.event)).toEqual(["before", "after"]);
    expect((await posthog.ask("stats")).value).toMatchObject({ invalid: 1, delivered: 2 });
    await posthog.stop();
    await done;
  });

  it("sends a batch once flushAt events are queued, and the rest when the flush timer fires", async () => {
    const [posthog, done] = start({ flushAt: 5, flushIntervalMs: 150 });
    for (let i = 0; i < 7; i++) await posthog.tell("capture", { distinctId: "u", event: `e${i}` });
    await server.waitForEvents(5, { timeoutMs: 1_000 });
    expect(server.requests[0]?.acceptedEvents).toHaveLength(5);
    await server.waitForEvents(7, { timeoutMs: 1_000 });
    expect(server.requests).toHaveLength(2);
    await posthog.stop();
    await done;
  });

  it("keeps handling messages while a flush waits on a slow PostHog", async () => {
    server.setFaults({ kind: "sequence", steps: [{ kind: "delay", ms: 600 }] });
    const [posthog, done] = start();
    await posthog.tell("capture", { distinctId: "u", event: "slow" });
    let flushed = false;
    const flush = posthog.ask("flush").then((report) => {
      flushed = true;
      return report;
    });
    const captured = await posthog.ask("capture", { distinctId: "u", event: "meanwhile" });
    const stats = await posthog.ask("stats");
    expect(captured.ok).toBe(true);
    expect(stats.value).toMatchObject({ inFlight: 1, queued: 1 });
    expect(flushed).toBe(false);
    expect((await flush).value).toMatchObject({ delivered: 1 });
    await posthog.stop();
    await done;
  });

  it("lets whoever holds only a ref listen through the events option", async () => {
    const events = new EventEmitter<PostHogCaptureEvents>();
    const flushed: number[] = [];
    events.on("flush", (batch) => flushed.push(batch.count));
    const [posthog, done] = start({ events });
    for (let i = 0; i < 3; i++) await posthog.tell("capture", { distinctId: "u", event: "e" });
    await posthog.ask("flush");
    expect(flushed).toEqual([3]);
    await posthog.stop();
    await done;
  });

  it("runs beforeSend on each event: a changed event is sent, a null one is counted as filtered", async () => {
    const [posthog, done] = start({
      beforeSend: (event) =>
        event.event === "secret"
          ? null
          : { ...event, properties: { ...event.properties, seen: true } },
    });
    await posthog.tell("capture", { distinctId: "u", event: "secret" });
    await posthog.tell("capture", { distinctId: "u", event: "public" });
    await posthog.ask("flush");
    expect(server.events.map((e) => [e.event, e.properties?.seen])).toEqual([["public", true]]);
    expect((await posthog.ask("stats")).value).toMatchObject({ filtered: 1, delivered: 1 });
    await posthog.stop();
    await done;
  });

  it("sends nothing when disabled", async () => {
    const [posthog, done] = start({ disabled: true });
    const sent = await posthog.ask("capture", { distinctId: "u", event: "e" });
    expect(sent.value?.ok).toBe(true);
    expect((await posthog.ask("flush")).value).toMatchObject({ delivered: 0 });
    await posthog.stop();
    await done;
    expect(server.requests).toHaveLength(0);
  });

  it("drains everything on stop", async () => {
    const [posthog, done] = start({ flushAt: 1_000, flushIntervalMs: 60_000 });
    for (let i = 0; i < 250; i++)
      await posthog.tell("capture", { distinctId: "u", event: `e${i}` });
    await posthog.stop();
    const result = await done;
    expect(result.status).toBe("completed");
    expect(result.actor?.undelivered()).toEqual([]);
    expect(server.events).toHaveLength(250);
  });

  it("parks a batch whose attempts are used up and sends it again every parkedRetryMs when idle", async () => {
    server.setFaults({ kind: "sequence", steps: [503, 503] });
    const events = new EventEmitter<PostHogCaptureEvents>();
    const exhausted: number[] = [];
    events.on("retry-exhausted", (e) => exhausted.push(e.count));
    const [posthog, done] = start({
      events,
      retry: { limit: 0 },
      parkedRetryMs: 200,
      flushIntervalMs: 60_000,
    });
    await posthog.tell("capture", { distinctId: "u", event: "e" });
    expect((await posthog.ask("flush")).value).toMatchObject({ parked: 1 });
    await server.waitForEvents(1, { timeoutMs: 2_000 });
    expect((await posthog.ask("flush")).value).toMatchObject({ delivered: 1 });
    expect(exhausted).toEqual([1, 1]);
    expect(server.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect((await posthog.ask("stats")).value).toMatchObject({ parked: 0, delivered: 1 });
    await posthog.stop();
    await done;
  });

  it("probes parked batches every retryProbeMs while draining on stop", async () => {
    server.setFaults({ kind: "outage", status: 503, durationMs: 500 });
    const [posthog, done] = start({ retry: { limit: 0 }, retryProbeMs: 50 });
    for (let i = 0; i < 10; i++) await posthog.tell("capture", { distinctId: "u", event: `e${i}` });
    await posthog.stop();
    const result = await done;
    expect(result.actor?.undelivered()).toEqual([]);
    expect(server.events).toHaveLength(10);
    expect(server.stats().statuses[503]).toBeGreaterThan(2);
  });

  it("shutdown(0) on the priority channel kills at once and hands everything back, sending nothing more", async () => {
    const [posthog, done] = start({ flushAt: 1_000 });
    for (let i = 0; i < 100; i++) posthog.tryTell("capture", { distinctId: "u", event: `e${i}` });
    await posthog.tell("shutdown", 0, { priority: true });
    const result = await done;
    expect(result.killed).toBe(true);
    expect(result.actor?.undelivered()).toHaveLength(100);
    expect(server.requests).toHaveLength(0);
  });

  it("honours a shutdown deadline however deep the mailbox is", async () => {
    await server.unreachable();
    const [posthog, done] = start({ flushAt: 50 });
    for (let i = 0; i < 20_000; i++) posthog.tryTell("capture", { distinctId: "u", event: "e" });
    const started = Date.now();
    await posthog.tell("shutdown", 300, { priority: true });
    const result = await done;
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.actor?.undelivered()).toHaveLength(20_000);
  });

  it("leaves no timer or socket behind after a shutdown that aborted requests in flight", async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap");
    server.setFaults({ kind: "always", fault: { kind: "delay", ms: 5_000 } });
    const [posthog, done] = start({ flushAt: 1 });
    await posthog.tell("capture", { distinctId: "u", event: "e" });
    await server.waitForRequests(1);
    await posthog.tell("shutdown", 100, { priority: true });
    const result = await done;
    expect(result.actor?.undelivered()).toHaveLength(1);
    await sleep(20);
    const after = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap");
    const count = (list: string[], kind: string) => list.filter((r) => r === kind).length;
    expect(count(after, "Timeout")).toBeLessThanOrEqual(count(before, "Timeout"));
    expect(count(after, "TCPSocketWrap")).toBeLessThanOrEqual(count(before, "TCPSocketWrap") + 1);
  });

  it("a plain stop() leaves neither the flush timer nor the deadline's kill timer behind", async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const before = timeouts();
    const [posthog, done] = start({ shutdownTimeoutMs: 60_000, flushIntervalMs: 60_000 });
    await posthog.tell("capture", { distinctId: "u", event: "e" });
    await posthog.stop();
    const result = await done;
    expect(result.status).toBe("completed");
    expect(server.events).toHaveLength(1);
    await sleep(20);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it("takes captureAi as a message: a queue of its own on the AI route, covered by flush and stats", async () => {
    const [posthog, done] = start({ flushAt: 1_000 });
    await posthog.tell("captureAi", { distinctId: "u", event: "$ai_generation" });
    await posthog.tell("capture", { distinctId: "u", event: "page" });
    const report = await posthog.ask("flush");
    expect(report.value).toMatchObject({ delivered: 2 });
    expect(server.requestsTo("capture-ai")).toHaveLength(1);
    expect(server.requestsTo("capture")).toHaveLength(1);
    expect((await posthog.ask("stats")).value).toMatchObject({ delivered: 2, queued: 0 });
    await posthog.tell("shutdown", 1_000, { priority: true });
    await done;
  });

  it("hands back AI captures a kill left in the mailbox, marked for the AI route", async () => {
    const [posthog, done] = start({ flushAt: 1_000 });
    posthog.tryTell("captureAi", { distinctId: "u", event: "$ai_span" });
    posthog.kill();
    const result = await done;
    expect(result.actor?.undelivered().map((event) => [event.event, event.route])).toEqual([
      ["$ai_span", "ai"],
    ]);
    expect(server.requests).toHaveLength(0);
  });

  it("answers undelivered() as a message too", async () => {
    await server.unreachable();
    const [posthog, done] = start({ flushAt: 1_000 });
    await posthog.tell("capture", {
      distinctId: "u",
      event: "e",
      uuid: "0190b3e4-0000-7000-8000-000000000001",
    });
    const held = await posthog.ask("undelivered");
    expect(held.value?.map((e) => e.uuid)).toEqual(["0190b3e4-0000-7000-8000-000000000001"]);
    posthog.kill();
    await done;
  });
});
