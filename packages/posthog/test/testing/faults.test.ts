import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { anEvent, batchBody, post } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const capture = (event = anEvent()) => post(`${server.url}/batch/`, batchBody([event]));

describe("status sequence faults", () => {
  it("answers the scripted statuses in order, then handles requests normally", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [503, 503, { kind: "status", status: 429, retryAfter: 2 }, 200],
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) statuses.push((await capture()).status);
    expect(statuses).toEqual([503, 503, 429, 200, 200]);
    expect(server.requests.map((request) => request.status)).toEqual(statuses);
    expect(server.events).toHaveLength(2);
  });

  it("sends Retry-After in seconds or as an HTTP date", async () => {
    const until = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
    server.setFaults({
      kind: "sequence",
      steps: [
        { kind: "status", status: 429, retryAfter: 3 },
        { kind: "status", status: 503, retryAfter: until },
      ],
    });
    expect((await capture()).headers.get("retry-after")).toBe("3");
    expect((await capture()).headers.get("retry-after")).toBe("Wed, 02 Jan 2030 03:04:05 GMT");
  });

  it("answers a status fault with PostHog's error body, or the scripted body and headers", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [
        500,
        { kind: "status", status: 400, body: { detail: "nope" }, headers: { "X-Why": "t" } },
      ],
    });
    const first = await capture();
    expect(first.json).toMatchObject({ type: "server_error", attr: null });
    const second = await capture();
    expect(second.json).toEqual({ detail: "nope" });
    expect(second.headers.get("x-why")).toBe("t");
    expect(server.events).toEqual([]);
  });

  it("sends a string body as is when the scripted content type is not JSON", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [
        { kind: "status", status: 200, headers: { "Content-Type": "text/html" }, body: "<html>" },
        { kind: "status", status: 502, body: Buffer.from("bad gateway") },
        { kind: "status", status: 500, body: "as json" },
      ],
    });
    const html = await capture();
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(html.text).toBe("<html>");
    expect((await capture()).text).toBe("bad gateway");
    const json = await capture();
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(json.text).toBe('"as json"');
    expect(server.events).toEqual([]);
  });

  it("applies only to the routes it matches", async () => {
    server.setFaults({ kind: "sequence", route: "flags", steps: [500] });
    expect((await capture()).status).toBe(200);
    const flags = await post(`${server.url}/flags/?v=2`, { token: "phc_test", distinct_id: "u" });
    expect(flags.status).toBe(500);
  });

  it("matches a route by exact path, RegExp, or method and path", async () => {
    server.setFaults([
      { kind: "sequence", route: "/e", steps: [501] },
      { kind: "sequence", route: /^\/capture/, steps: [502] },
      { kind: "sequence", route: { method: "POST", path: "/i/v0/e/" }, steps: [504] },
    ]);
    expect((await post(`${server.url}/batch/`, batchBody([anEvent()]))).status).toBe(200);
    expect((await post(`${server.url}/e/`, batchBody([anEvent()]))).status).toBe(501);
    expect((await post(`${server.url}/capture/`, batchBody([anEvent()]))).status).toBe(502);
    expect((await post(`${server.url}/i/v0/e/`, batchBody([anEvent()]))).status).toBe(504);
  });

  it("answers every matching request with an always plan until cleared", async () => {
    server.setFaults({ kind: "always", fault: 502 });
    expect((await capture()).status).toBe(502);
    expect((await capture()).status).toBe(502);
    server.clearFaults();
    expect((await capture()).status).toBe(200);
  });

  it("adds plans after the current ones with addFaults", async () => {
    server.setFaults({ kind: "sequence", steps: [500] });
    server.addFaults({ kind: "sequence", steps: [501] });
    expect((await capture()).status).toBe(500);
    expect((await capture()).status).toBe(501);
    expect((await capture()).status).toBe(200);
  });
});

describe("delay faults", () => {
  it("holds the answer longer than a client timeout, and accepts nothing when the client gives up", async () => {
    server.setFaults({ kind: "sequence", steps: [{ kind: "delay", ms: 300 }] });
    const aborted = fetch(`${server.url}/batch/`, {
      method: "POST",
      body: JSON.stringify(batchBody([anEvent()])),
      signal: AbortSignal.timeout(100),
    });
    await expect(aborted).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.requests[0]?.status).toBeNull();
    expect(server.requests[0]?.fault).toBe("delay");
    expect(server.events).toEqual([]);
  });

  it("answers after the delay with the fault given as answer", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [
        { kind: "delay", ms: 50, answer: { kind: "status", status: 503 } },
        { kind: "delay", ms: 50 },
      ],
    });
    expect((await capture()).status).toBe(503);
    expect((await capture()).status).toBe(200);
    expect(server.events).toHaveLength(1);
  });
});

describe("reset faults", () => {
  it("destroys the connection so the client sees a network error", async () => {
    server.setFaults({ kind: "sequence", steps: [{ kind: "reset" }] });
    await expect(capture()).rejects.toThrow(/fetch failed/);
    expect(server.requests[0]?.status).toBeNull();
    expect(server.stats().resets).toBe(1);
    expect((await capture()).status).toBe(200);
  });
});

describe("outage faults", () => {
  it("answers every ingestion request with the status for the window, then recovers", async () => {
    server.setFaults({ kind: "outage", status: 503, durationMs: 300, retryAfter: 1 });
    const during = await capture();
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBe("1");
    expect((await post(`${server.url}/i/v0/e/`, anEvent({ api_key: "phc_test" }))).status).toBe(
      503,
    );
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await capture()).status).toBe(200);
  });

  it("lasts until cleared when no duration is given, and wins over sequences", async () => {
    server.setFaults([{ kind: "sequence", steps: [200, 200] }, { kind: "outage" }]);
    expect((await capture()).status).toBe(503);
    expect((await capture()).status).toBe(503);
    server.clearFaults();
    expect((await capture()).status).toBe(200);
  });

  it("leaves the routes it does not cover alone", async () => {
    server.setFaults({ kind: "outage" });
    const flags = await post(`${server.url}/flags?v=2`, { token: "phc_test", distinct_id: "u" });
    expect(flags.status).toBe(200);
  });
});

describe("slow-body faults", () => {
  it("dribbles the response body chunk by chunk", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [{ kind: "slow-body", intervalMs: 20, chunkBytes: 4 }],
    });
    const chunks = await new Promise<Buffer[]>((resolve, reject) => {
      const body = JSON.stringify(batchBody([anEvent()]));
      const request = httpRequest(`${server.url}/batch/`, { method: "POST" }, (response) => {
        const received: Buffer[] = [];
        response.on("data", (chunk: Buffer) => received.push(chunk));
        response.on("end", () => resolve(received));
      });
      request.on("error", reject);
      request.end(body);
    });
    expect(Buffer.concat(chunks).toString()).toBe('{"status":"Ok"}');
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    expect(server.events).toHaveLength(1);
  });

  it("lets a client time out while reading the body", async () => {
    server.setFaults({ kind: "always", fault: { kind: "slow-body", intervalMs: 1_000 } });
    const signal = AbortSignal.timeout(200);
    const response = await fetch(`${server.url}/batch/`, {
      method: "POST",
      body: JSON.stringify(batchBody([anEvent()])),
      signal,
    });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });
});

describe("unreachable", () => {
  it("refuses connections while keeping the records and the port, then listens again", async () => {
    await capture();
    const { port } = server;
    await server.unreachable();
    expect(server.listening).toBe(false);
    await expect(capture()).rejects.toThrow(/fetch failed/);
    await server.reachable();
    expect(server.port).toBe(port);
    expect((await capture()).status).toBe(200);
    expect(server.events).toHaveLength(2);
  });

  it("listens again by itself after durationMs", async () => {
    await server.unreachable({ durationMs: 100 });
    await expect(capture()).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.listening).toBe(true);
    expect((await capture()).status).toBe(200);
  });
});
