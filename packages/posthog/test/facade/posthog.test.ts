import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostHogError } from "../../src/errors/posthog-error.ts";
import { createPostHog } from "../../src/facade/create-posthog.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

const API_KEY = "phc_facade_tests";
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

describe("createPostHog", () => {
  it("captures like posthog-node: returns the uuid that will be sent", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url });
    const sent = posthog.capture({
      distinctId: "u1",
      event: "signed_up",
      properties: { plan: "pro" },
    });
    expect(sent.ok).toBe(true);
    const identified = posthog.identify({ distinctId: "u1", properties: { email: "a@b.c" } });
    const aliased = posthog.alias({ distinctId: "u1", alias: "anon" });
    const grouped = posthog.groupIdentify({ groupType: "company", groupKey: "acme" });
    expect(await posthog.flush()).toMatchObject({ delivered: 4 });
    expect(server.uuids()).toEqual([sent.value, identified.value, aliased.value, grouped.value]);
    expect(server.events.map((e) => e.event)).toEqual([
      "signed_up",
      "$identify",
      "$create_alias",
      "$groupidentify",
    ]);
    await posthog.shutdown(1_000);
  });

  it("sends the properties as they were at capture, whatever the caller changes afterwards", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url });
    const properties: Record<string, unknown> = { step: 1 };
    posthog.capture({ distinctId: "u1", event: "e", properties });
    properties.step = 2;
    properties.extra = true;
    await posthog.flush();
    expect(server.events[0]?.properties).toMatchObject({ step: 1 });
    expect(server.events[0]?.properties).not.toHaveProperty("extra");
    await posthog.shutdown(1_000);
  });

  it("refuses an event just over PostHog's per-event limit, and accepts one just under", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url });
    const sized = (blob: number) =>
      posthog.capture({ distinctId: "u", event: "e", properties: { blob: "x".repeat(blob) } });
    // The wire JSON of `{ blob }` holds about 250 bytes more than the blob itself.
    expect(sized(1024 * 1024 - 400).ok).toBe(true);
    expect(sized(1024 * 1024).error).toMatchObject({ kind: "invalid-event", field: "properties" });
    await posthog.shutdown(0);
  });

  it("validates synchronously and returns invalid-event naming the field", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url });
    const missing = posthog.capture({ distinctId: "", event: "e" });
    expect(missing.error).toBeInstanceOf(PostHogError);
    expect(missing.error).toMatchObject({ kind: "invalid-event", field: "distinctId" });
    const huge = posthog.capture({
      distinctId: "u",
      event: "e",
      properties: { blob: "x".repeat(1_100_000) },
    });
    expect(huge.error).toMatchObject({ kind: "invalid-event", field: "properties" });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(posthog.capture({ distinctId: "u", event: "e", properties: cyclic }).error?.kind).toBe(
      "invalid-event",
    );
    await posthog.flush();
    expect(server.requests).toHaveLength(0);
    await posthog.shutdown(1_000);
  });

  it("turns a full mailbox into a drop that is counted, emitted and returned as kind dropped", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url, mailboxCapacity: 10 });
    const drops: string[] = [];
    posthog.on("drop", (d) => drops.push(`${d.reason}:${d.events.length}`));
    const results = Array.from({ length: 25 }, (_, i) =>
      posthog.capture({ distinctId: "u", event: `e${i}` }),
    );
    const dropped = results.filter((r) => !r.ok);
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped[0]?.error).toMatchObject({ kind: "dropped", reason: "mailbox-full" });
    expect(drops).toEqual(dropped.map(() => "mailbox-full:1"));
    expect(posthog.stats()?.dropped).toBe(dropped.length);
    await posthog.flush();
    expect(server.uuids()).toEqual(results.filter((r) => r.ok).map((r) => r.value));
    await posthog.shutdown(1_000);
  });

  it("shutdown(timeout) resolves to the ActorResult, the same promise each time", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url });
    posthog.capture({ distinctId: "u", event: "e" });
    const first = posthog.shutdown(2_000);
    expect(posthog.shutdown(10)).toBe(first);
    const result = await first;
    expect(result.status).toBe("completed");
    expect(result.killed).toBe(false);
    expect(server.events).toHaveLength(1);
    const late = posthog.capture({ distinctId: "u", event: "late" });
    expect(late.error).toMatchObject({ kind: "dropped", reason: "stopped" });
  });

  it("shutdown(0) sends nothing more and hands everything back", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url, flushAt: 1_000 });
    const uuids = Array.from(
      { length: 50 },
      (_, i) => posthog.capture({ distinctId: "u", event: `e${i}` }).value,
    );
    const result = await posthog.shutdown(0);
    expect(result.actor?.undelivered().map((e) => e.uuid)).toEqual(uuids);
    expect(server.requests).toHaveLength(0);
  });

  it("shutdown(timeout) resolves on time while PostHog hangs", async () => {
    server.setFaults({ kind: "always", fault: { kind: "delay", ms: 10_000 } });
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url, flushAt: 1 });
    const uuid = posthog.capture({ distinctId: "u", event: "e" }).value;
    await server.waitForRequests(1);
    const started = Date.now();
    const result = await posthog.shutdown(300);
    expect(Date.now() - started).toBeLessThan(600);
    expect(result.actor?.undelivered().map((e) => e.uuid)).toEqual([uuid]);
  });

  it("on() returns a function that removes the listener", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url });
    const seen: number[] = [];
    const off = posthog.on("flush", (batch) => seen.push(batch.count));
    posthog.capture({ distinctId: "u", event: "a" });
    await posthog.flush();
    off();
    posthog.capture({ distinctId: "u", event: "b" });
    await posthog.flush();
    expect(seen).toEqual([1]);
    await posthog.shutdown(1_000);
  });

  it("throws invalid-options naming the option for a configuration bug", () => {
    expect(() => createPostHog({ apiKey: API_KEY, host: server.url, maxInFlight: 0 })).toThrow(
      /maxInFlight/,
    );
    expect(() => createPostHog({ apiKey: "phx_secret", host: server.url })).toThrow(PostHogError);
  });

  it("exposes the actor's ref and the shared client", async () => {
    const posthog = createPostHog({ apiKey: API_KEY, host: server.url, name: "analytics" });
    expect(String(posthog.ref.identity())).toMatch(/^analytics\(#\d+\)$/);
    expect(posthog.client?.host).toBe(server.url);
    await posthog.shutdown(1_000);
  });
});
