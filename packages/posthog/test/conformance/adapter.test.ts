import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningAdapter, startAdapter } from "../../conformance/adapter-server.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

let server: TestServer;
let adapter: RunningAdapter;

beforeAll(async () => {
  server = await startTestServer();
  adapter = await startAdapter({
    host: "127.0.0.1",
    port: 0,
    mode: "v0",
    codec: "gzip",
    idleMs: 60_000,
  });
});
afterAll(async () => {
  await adapter.close();
  await server.close();
});
beforeEach(() => {
  server.reset();
});

async function call(
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; statusText: string; json: Record<string, unknown> }> {
  const response = await fetch(`${adapter.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    statusText: response.statusText,
    json: (await response.json()) as Record<string, unknown>,
  };
}

describe("conformance adapter", () => {
  it("reports the SDK, parallel support and the capabilities of its run", async () => {
    const { json } = await call("GET", "/health");
    expect(json).toMatchObject({ sdk_name: "tsactor-posthog", supports_parallel: true });
    expect(json.capabilities).toEqual(["capture_v0", "capture_ai_v0", "encoding_gzip"]);
  });

  it("drives one SDK instance per test id, which tags its requests with X-Test-Id", async () => {
    const init = await call("POST", "/init?test_id=t-1", {
      api_key: "phc_test",
      host: server.url,
      flush_at: 1,
      enable_compression: false,
    });
    expect(init.json).toEqual({ success: true });
    const captured = await call("POST", "/capture?test_id=t-1", {
      distinct_id: "u1",
      event: "signed_up",
      properties: null,
      timestamp: "2025-01-02T08:34:05+05:30",
    });
    expect(captured.json.success).toBe(true);
    const flushed = await call("POST", "/flush?test_id=t-1");
    expect(flushed.json).toEqual({ success: true, events_flushed: 1 });
    const [request] = server.requests;
    expect(request?.headers["x-test-id"]).toBe("t-1");
    expect(request?.headers["content-encoding"]).toBeUndefined();
    const [event] = server.events;
    expect(event?.uuid).toBe(captured.json.uuid);
    expect(event?.timestamp).toBe("2025-01-02T03:04:05.000Z");
    const state = await call("GET", "/state?test_id=t-1");
    expect(state.json).toMatchObject({
      total_events_captured: 1,
      total_events_sent: 1,
      pending_events: 0,
    });
    expect(state.json.requests_made).toEqual([
      expect.objectContaining({
        status_code: 200,
        retry_attempt: 0,
        uuid_list: [captured.json.uuid],
      }),
    ]);
  });

  it("maps V1 event options to PostHog's sentinel properties on the /batch/ route", async () => {
    await call("POST", "/init?test_id=t-2", { api_key: "phc_test", host: server.url, flush_at: 1 });
    await call("POST", "/capture?test_id=t-2", {
      distinct_id: "u1",
      event: "e",
      properties: { plan: "pro" },
      timestamp: null,
      options: { cookieless_mode: true, product_tour_id: "tour_1" },
    });
    await call("POST", "/flush?test_id=t-2");
    expect(server.events[0]?.properties).toMatchObject({
      plan: "pro",
      $cookieless_mode: true,
      $product_tour_id: "tour_1",
    });
  });

  it("ends an instance on /reset, and answers 400 with the reason to calls without one", async () => {
    await call("POST", "/init", { api_key: "phc_test", host: server.url });
    expect((await call("POST", "/reset")).json).toEqual({ success: true });
    const refused = await call("POST", "/capture", { distinct_id: "u1", event: "e" });
    expect(refused.status).toBe(400);
    expect(refused.statusText).toBe("call /init first");
  });

  it("refuses options the SDK refuses, saying why", async () => {
    const refused = await call("POST", "/init?test_id=t-3", {
      api_key: "phx_personal",
      host: server.url,
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatch(/apiKey/);
  });

  it("in a V1 run, resends only the events PostHog asked for, compressed with the run's codec", async () => {
    const v1 = await startAdapter({
      host: "127.0.0.1",
      port: 0,
      mode: "v1",
      codec: "br",
      idleMs: 60_000,
    });
    try {
      const health = (await fetch(`${v1.url}/health`).then((r) => r.json())) as {
        capabilities: string[];
      };
      expect(health.capabilities).toEqual(["capture_v1", "encoding_br"]);
      server.setFaults({
        kind: "sequence",
        route: "capture-v1",
        steps: [{ kind: "partial", results: ["ok", "drop", "retry"], retryAfter: 0 }, 200],
      });
      const post = (path: string, body?: unknown) =>
        fetch(`${v1.url}${path}?test_id=v1`, {
          method: "POST",
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        }).then((r) => r.json() as Promise<Record<string, unknown>>);
      await post("/init", {
        api_key: "phc_test",
        host: server.url,
        flush_at: 10,
        enable_compression: true,
      });
      const uuids: unknown[] = [];
      for (const event of ["a", "b", "c"]) {
        uuids.push((await post("/capture", { distinct_id: "u1", event })).uuid);
      }
      await post("/flush");
      expect(server.requests.map((r) => r.path)).toEqual([
        "/i/v1/analytics/events",
        "/i/v1/analytics/events",
      ]);
      expect(server.requests[1]?.headers["content-encoding"]).toBe("br");
      expect(server.requests[1]?.headers["posthog-attempt"]).toBe("2");
      const state = (await fetch(`${v1.url}/state?test_id=v1`).then((r) => r.json())) as {
        requests_made: { uuid_list: unknown[] }[];
        total_retries: number;
      };
      expect(state.requests_made.map((r) => r.uuid_list)).toEqual([uuids, [uuids[2]]]);
      expect(state.total_retries).toBe(1);
    } finally {
      await v1.close();
    }
  });
});
