/**
 * `createPostHog({ captureMode: "v1" })` against the test server's V1 route: the route and
 * headers, per-event options, and PostHog's partial answers settling each event on its own
 * — delivered, rejected with PostHog's reason, sent again alone, parked when its attempts
 * are used up, or handed back when the actor stops — so that no event is lost silently.
 */
import { describe, expect, it } from "vitest";
import type { RejectEvent } from "../../src/capture/events.ts";
import type { PostHogOptions } from "../../src/index.ts";
import { serverPerTest } from "../support/test-server.ts";

const API_KEY = "phc_v1_tests";
const env = serverPerTest();

function v1(options: Partial<PostHogOptions> = {}) {
  return env.posthog({
    apiKey: API_KEY,
    captureMode: "v1",
    flushAt: 1_000,
    retry: { limit: 2, baseDelayMs: 1 },
    ...options,
  });
}

function captureMany(posthog: ReturnType<typeof v1>, count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    posthog.capture({ distinctId: `u${i}`, event: `e${i}` }).getOrThrow(),
  );
}

function uuidsOf(request: { body: unknown } | undefined): unknown[] {
  const batch = (request?.body as { batch?: { uuid: unknown }[] } | undefined)?.batch ?? [];
  return batch.map((event) => event.uuid);
}

describe("V1 capture through createPostHog", () => {
  it("posts to /i/v1/analytics/events with the V1 headers and body, and nothing to /batch/", async () => {
    const posthog = v1({ compression: "none" });
    const uuid = posthog
      .capture({ distinctId: "u1", event: "signed_up", properties: { plan: "pro" } })
      .getOrThrow();
    expect(await posthog.flush()).toMatchObject({ delivered: 1 });
    expect(env.server.requestsTo("capture")).toHaveLength(0);
    const [request, ...rest] = env.server.requestsTo("capture-v1");
    expect(rest).toHaveLength(0);
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request?.headers["posthog-attempt"]).toBe("1");
    expect(request?.headers["content-encoding"]).toBeUndefined();
    const body = request?.body as Record<string, unknown>;
    expect(body).not.toHaveProperty("api_key");
    expect(body).not.toHaveProperty("sent_at");
    expect(env.server.events).toEqual([
      expect.objectContaining({
        uuid,
        event: "signed_up",
        distinct_id: "u1",
        options: {},
        properties: { plan: "pro" },
      }),
    ]);
  });

  it("sends per-event options in the event's options object", async () => {
    const posthog = v1();
    posthog.capture({
      distinctId: "u1",
      event: "e",
      options: { processPersonProfile: false, productTourId: "tour_1" },
    });
    posthog.capture({ distinctId: "u1", event: "plain" });
    await posthog.flush();
    expect(env.server.events.map((event) => event.options)).toEqual([
      { process_person_profile: false, product_tour_id: "tour_1" },
      {},
    ]);
    expect(env.server.events[0]?.properties).not.toHaveProperty("$process_person_profile");
  });

  it("settles a partial answer per event: delivered, rejected with PostHog's reason, and the retried one sent again alone", async () => {
    env.server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "retry", "drop"], retryAfter: 0 }],
    });
    const posthog = v1();
    const rejects: RejectEvent[] = [];
    posthog.on("reject", (reject) => rejects.push(reject));
    const uuids = captureMany(posthog, 3);
    expect(await posthog.flush()).toEqual({
      delivered: 2,
      rejected: 1,
      dropped: 0,
      parked: 0,
      undelivered: 0,
    });
    const [first, second] = env.server.requestsTo("capture-v1");
    expect(uuidsOf(first)).toEqual(uuids);
    expect(uuidsOf(second)).toEqual([uuids[1]]);
    expect(second?.headers["posthog-attempt"]).toBe("2");
    expect(second?.headers["posthog-request-id"]).toBe(first?.headers["posthog-request-id"]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0]?.reason).toBe("invalid_event");
    expect(rejects[0]?.events.map((event) => event.uuid)).toEqual([uuids[2]]);
    expect(rejects[0]?.error).toMatchObject({
      kind: "api",
      status: 200,
      code: "drop",
      detail: "invalid_event",
    });
    expect(env.server.uuids().sort()).toEqual([uuids[0], uuids[1]].sort());
    expect(posthog.stats()).toMatchObject({ delivered: 2, rejected: 1, parked: 0, queued: 0 });
  });

  it("counts limited and unknown results as delivered, and events the answer does not name", async () => {
    env.server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [
        {
          kind: "partial",
          results: ["limited", { result: "something_new", details: "x" }, "ok"],
        },
      ],
    });
    const posthog = v1();
    captureMany(posthog, 3);
    expect(await posthog.flush()).toMatchObject({ delivered: 3, rejected: 0, parked: 0 });
    expect(env.server.requestsTo("capture-v1")).toHaveLength(1);
  });

  it("parks the events PostHog still asks for after the last attempt, and delivers them later", async () => {
    env.server.setFaults({
      kind: "always",
      route: "capture-v1",
      fault: { kind: "partial", results: ["retry", "ok"], retryAfter: 0 },
    });
    const posthog = v1({ retry: { limit: 1, baseDelayMs: 1 } });
    const exhausted: number[] = [];
    posthog.on("retry-exhausted", ({ count }) => exhausted.push(count));
    const uuids = captureMany(posthog, 2);
    expect(await posthog.flush()).toMatchObject({ delivered: 1, parked: 1 });
    expect(exhausted).toEqual([1]);
    expect(posthog.stats()).toMatchObject({ delivered: 1, parked: 1 });
    // two attempts in all (retry.limit 1): the batch, then the retried event alone
    expect(env.server.requestsTo("capture-v1").map(uuidsOf)).toEqual([uuids, [uuids[0]]]);
    env.server.clearFaults();
    expect(await posthog.flush()).toMatchObject({ delivered: 1, parked: 0 });
    expect(new Set(env.server.uuids())).toEqual(new Set(uuids));
  });

  it("plans an event left unsettled by a final error like a failed batch of its own", async () => {
    env.server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "retry"], retryAfter: 0 }, 400],
    });
    const posthog = v1();
    const reasons: string[] = [];
    posthog.on("reject", ({ reason }) => reasons.push(reason));
    const uuids = captureMany(posthog, 2);
    expect(await posthog.flush()).toMatchObject({ delivered: 1, rejected: 1, parked: 0 });
    expect(reasons).toHaveLength(1);
    expect(env.server.uuids()).toEqual([uuids[0]]);
  });

  it("hands back the events still waiting for a retry when the actor stops, and keeps the delivered ones", async () => {
    env.server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "retry"], retryAfter: 10 }],
    });
    const posthog = v1();
    const uuids = captureMany(posthog, 2);
    const flushed = posthog.flush();
    await env.server.waitForRequests(1);
    const result = await posthog.shutdown(200);
    expect(result.actor?.undelivered().map((event) => event.uuid)).toEqual([uuids[1]]);
    expect(await flushed).toMatchObject({ delivered: 1, undelivered: 1 });
    expect(env.server.uuids()).toEqual([uuids[0]]);
  });

  it("puts every event of a mixed stream in exactly one visible state", async () => {
    env.server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [
        { kind: "partial", results: ["ok", "drop", "retry", "limited", "drop"], retryAfter: 0 },
        503,
        { kind: "partial", results: ["retry"], retryAfter: 0 },
      ],
    });
    const posthog = v1({ maxBatchSize: 5 });
    const captured = captureMany(posthog, 10);
    const report = await posthog.flush();
    expect(report.delivered + report.rejected + report.parked + report.dropped).toBe(10);
    expect(report).toMatchObject({ rejected: 2, dropped: 0, undelivered: 0 });
    const stats = posthog.stats();
    expect(stats.delivered + stats.rejected + stats.parked).toBe(10);
    const result = await posthog.shutdown(2_000);
    expect(result.actor?.undelivered()).toEqual([]);
    expect(new Set(env.server.uuids()).size).toBe(8);
    expect(env.server.uuids().every((uuid) => captured.includes(uuid as string))).toBe(true);
  });
});
