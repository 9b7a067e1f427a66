import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { anEvent, batchBody, post } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const capture = (...events: Record<string, unknown>[]) =>
  post(`${server.url}/batch/`, batchBody(events), { headers: { "user-agent": "recorder-test/1" } });

describe("request recording", () => {
  it("records every request in arrival order with its details and answered status", async () => {
    const before = Date.now();
    const event = anEvent();
    await capture(event);
    await post(`${server.url}/batch/?x=1`, { batch: [] });
    const [first, second] = server.requests;
    expect(first).toMatchObject({
      seq: 1,
      method: "POST",
      path: "/batch/",
      query: {},
      route: "capture",
      status: 200,
      fault: undefined,
      acceptedEvents: [event],
    });
    expect(first?.headers["user-agent"]).toBe("recorder-test/1");
    expect(JSON.parse(first?.rawBody.toString() ?? "")).toEqual(first?.body);
    expect(first?.receivedAt).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({ seq: 2, query: { x: "1" }, status: 400, acceptedEvents: [] });
  });

  it("keeps accepted events in arrival order across requests", async () => {
    const events = [anEvent({ event: "a" }), anEvent({ event: "b" }), anEvent({ event: "c" })];
    await capture(events[0] ?? {}, events[1] ?? {});
    await capture(events[2] ?? {});
    expect(server.events.map((event) => event.event)).toEqual(["a", "b", "c"]);
    expect(server.uuids()).toEqual(events.map((event) => event.uuid));
  });

  it("groups events by uuid so duplicates show", async () => {
    const event = anEvent();
    await capture(event);
    await capture(event);
    await capture(anEvent());
    const byUuid = server.eventsByUuid();
    expect(byUuid.size).toBe(2);
    expect(byUuid.get(String(event.uuid))).toHaveLength(2);
  });

  it("counts requests, events, bytes and statuses", async () => {
    server.setFaults({ kind: "sequence", steps: [503] });
    await capture(anEvent());
    await capture(anEvent(), anEvent());
    const stats = server.stats();
    expect(stats).toMatchObject({
      requests: 2,
      events: 2,
      statuses: { 200: 1, 503: 1 },
      resets: 0,
    });
    expect(stats.bytes).toBe(server.requests.reduce((sum, request) => sum + request.bodyBytes, 0));
  });

  it("clearRecords forgets the records but keeps the faults", async () => {
    server.setFaults({ kind: "sequence", steps: [500, 501] });
    await capture(anEvent());
    server.clearRecords();
    expect(server.requests).toEqual([]);
    expect(server.stats().requests).toBe(0);
    expect((await capture(anEvent())).status).toBe(501);
  });

  it("reset forgets records, faults and scripts", async () => {
    server.setFaults({ kind: "always", fault: 500 });
    server.onPrivateApi({ path: "/api/x/", answer: { body: {} } });
    await capture(anEvent());
    server.reset();
    expect(server.events).toEqual([]);
    expect((await capture(anEvent())).status).toBe(200);
    const api = await fetch(`${server.url}/api/x/`, { headers: { authorization: "Bearer k" } });
    expect(api.status).toBe(404);
  });
});

describe("waiting for arrivals", () => {
  it("resolves waitForEvents once n events were accepted", async () => {
    const waiting = server.waitForEvents(3, { timeoutMs: 2_000 });
    await capture(anEvent());
    await capture(anEvent(), anEvent());
    const events = await waiting;
    expect(events).toHaveLength(3);
  });

  it("resolves at once when the events already arrived", async () => {
    await capture(anEvent());
    await expect(server.waitForEvents(1, { timeoutMs: 1 })).resolves.toHaveLength(1);
  });

  it("does not count rejected requests' events", async () => {
    server.setFaults({ kind: "sequence", steps: [503] });
    const waiting = server.waitForEvents(1, { timeoutMs: 100 });
    await capture(anEvent());
    await expect(waiting).rejects.toThrow("waited 100 ms for 1 events, 0 arrived (test server)");
  });

  it("resolves waitForRequests with the requests", async () => {
    const waiting = server.waitForRequests(2);
    await capture(anEvent());
    await post(`${server.url}/flags?v=2`, { token: "phc", distinct_id: "u" });
    expect((await waiting).map((request) => request.route)).toEqual(["capture", "flags"]);
  });

  it("rejects when the signal aborts", async () => {
    const controller = new AbortController();
    const waiting = server.waitForEvents(1, { signal: controller.signal });
    controller.abort(new Error("test over"));
    await expect(waiting).rejects.toThrow("test over");
  });
});

describe("counts-only recording", () => {
  it("keeps the counters but no requests or events", async () => {
    const light = await startTestServer({ record: "counts" });
    try {
      const waiting = light.waitForEvents(2);
      await post(`${light.url}/batch/`, batchBody([anEvent(), anEvent()]));
      await waiting;
      expect(light.stats()).toMatchObject({ requests: 1, events: 2 });
      expect(light.requests).toEqual([]);
      expect(light.events).toEqual([]);
    } finally {
      await light.close();
    }
  });
});
