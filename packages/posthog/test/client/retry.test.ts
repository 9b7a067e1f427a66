import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { PostHogClient, type PostHogWireEvent, type RetryInfo } from "./exports.ts";
import { clientFor, gaps, PROJECT_TOKEN } from "./support.ts";

const batch: PostHogWireEvent[] = [{ event: "e", distinct_id: "d" }];

describe("PostHogClient retries", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it("retries 408, 429 and every 5xx", async () => {
    for (const status of [408, 429, 500, 502, 503, 504, 599]) {
      server.reset();
      server.setFaults({ kind: "sequence", steps: [status, 200] });
      const sent = await clientFor(server).captureBatch(batch);
      expect(sent.ok, `status ${status}`).toBe(true);
      expect(server.requests.map((request) => request.status)).toEqual([status, 200]);
    }
  });

  it("never retries another 4xx, 413 included even with Retry-After", async () => {
    for (const status of [400, 401, 403, 404, 405, 409, 413, 422]) {
      server.reset();
      server.setFaults({ kind: "always", fault: { kind: "status", status, retryAfter: 1 } });
      const sent = await clientFor(server).captureBatch(batch);
      expect(sent.error?.kind, `status ${status}`).toBe("api");
      if (sent.error?.kind === "api") expect(sent.error.status).toBe(status);
      expect(server.requests).toHaveLength(1);
    }
  });

  it("gives up after the 6th attempt, calling onRetry before each retry", async () => {
    server.setFaults({ kind: "always", fault: 503 });
    const retries: RetryInfo[] = [];
    const sent = await clientFor(server).captureBatch(batch, {
      onRetry: (info) => retries.push(info),
    });
    expect(server.requests).toHaveLength(6);
    expect(sent.error?.kind).toBe("api");
    if (sent.error?.kind === "api") {
      expect(sent.error.status).toBe(503);
      expect(sent.error.code).toBe("server_error");
    }
    expect(retries.map((info) => info.attempt)).toEqual([2, 3, 4, 5, 6]);
    expect(retries.every((info) => info.status === 503 && info.error?.kind === "api")).toBe(true);
  });

  it("doubles the wait from baseDelayMs, adding a jitter of at most d/4", async () => {
    server.setFaults({ kind: "always", fault: 503 });
    const retries: RetryInfo[] = [];
    await clientFor(server, { retry: { limit: 3, baseDelayMs: 40 } }).captureBatch(batch, {
      onRetry: (info) => retries.push(info),
    });
    const expected = [40, 80, 160];
    expect(server.requests).toHaveLength(4);
    gaps(server).forEach((gap, index) => {
      expect(gap).toBeGreaterThanOrEqual(expected[index] as number);
    });
    retries.forEach((info, index) => {
      const d = expected[index] as number;
      expect(info.delayMs).toBeGreaterThanOrEqual(d);
      expect(info.delayMs).toBeLessThan(d * 1.25 + 100);
    });
  });

  it("caps the backoff at maxDelayMs", async () => {
    server.setFaults({ kind: "always", fault: 503 });
    const retries: RetryInfo[] = [];
    await clientFor(server, {
      retry: { limit: 3, baseDelayMs: 100, maxDelayMs: 100 },
    }).captureBatch(batch, {
      onRetry: (info) => retries.push(info),
    });
    // Uncapped, the third retry would wait at least 400 ms.
    expect(retries.map((info) => info.delayMs >= 100 && info.delayMs < 300)).toEqual([
      true,
      true,
      true,
    ]);
  });

  it("waits at least 100 ms before the first retry by default", async () => {
    server.setFaults({ kind: "sequence", steps: [503, 200] });
    const retries: RetryInfo[] = [];
    const client = new PostHogClient({ apiKey: PROJECT_TOKEN, host: server.url });
    const sent = await client.captureBatch(batch, { onRetry: (info) => retries.push(info) });
    expect(sent.ok).toBe(true);
    expect(gaps(server)[0]).toBeGreaterThanOrEqual(100);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(100);
  });

  it("honours Retry-After in seconds as a floor over the backoff", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [{ kind: "status", status: 429, retryAfter: 1 }, 200],
    });
    const retries: RetryInfo[] = [];
    const sent = await clientFor(server).captureBatch(batch, {
      onRetry: (info) => retries.push(info),
    });
    expect(sent.ok).toBe(true);
    expect(gaps(server)[0]).toBeGreaterThanOrEqual(1_000);
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1_000);
    expect(retries[0]?.status).toBe(429);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const until = new Date(Date.now() + 1_500);
    const untilSecond = Math.floor(until.getTime() / 1_000) * 1_000; // HTTP dates have whole seconds
    server.setFaults({
      kind: "sequence",
      steps: [{ kind: "status", status: 503, retryAfter: until }, 200],
    });
    const sent = await clientFor(server).captureBatch(batch);
    expect(sent.ok).toBe(true);
    expect(server.requests[1]?.receivedAt).toBeGreaterThanOrEqual(untilSecond);
  });

  it("keeps the backoff when Retry-After asks for less", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [
        { kind: "status", status: 503, retryAfter: new Date(Date.now() - 60_000) },
        { kind: "status", status: 503, retryAfter: 0 },
        200,
      ],
    });
    const sent = await clientFor(server, { retry: { baseDelayMs: 150 } }).captureBatch(batch);
    expect(sent.ok).toBe(true);
    const [first, second] = gaps(server);
    expect(first).toBeGreaterThanOrEqual(150);
    expect(second).toBeGreaterThanOrEqual(300);
  });

  it("caps a Retry-After floor at maxRetryAfterMs", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [{ kind: "status", status: 503, retryAfter: 30 }, 200],
    });
    const started = Date.now();
    const sent = await clientFor(server, { retry: { maxRetryAfterMs: 200 } }).captureBatch(batch);
    expect(sent.ok).toBe(true);
    expect(gaps(server)[0]).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("retries an attempt that times out, each attempt with its own timeout", async () => {
    server.setFaults({ kind: "sequence", steps: [{ kind: "delay", ms: 1_000 }, 200] });
    const sent = await clientFor(server, { timeoutMs: 150 }).captureBatch(batch);
    expect(sent.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("ends with a timeout error when every attempt times out", async () => {
    server.setFaults({ kind: "always", fault: { kind: "delay", ms: 1_000 } });
    const retries: RetryInfo[] = [];
    const sent = await clientFor(server, { timeoutMs: 100, retry: { limit: 1 } }).captureBatch(
      batch,
      {
        onRetry: (info) => retries.push(info),
      },
    );
    expect(sent.error?.kind).toBe("request");
    if (sent.error?.kind === "request") expect(sent.error.reason).toBe("timeout");
    expect(retries[0]?.error?.kind).toBe("request");
    expect(server.requests).toHaveLength(2);
  });

  it("counts a body slower than the timeout as a timeout, and retries it", async () => {
    server.setFaults({
      kind: "sequence",
      steps: [{ kind: "slow-body", intervalMs: 200, chunkBytes: 1 }, 200],
    });
    const sent = await clientFor(server, { timeoutMs: 300 }).captureBatch(batch);
    expect(sent.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a reset connection", async () => {
    server.setFaults({ kind: "sequence", steps: [{ kind: "reset" }, 200] });
    const sent = await clientFor(server).captureBatch(batch);
    expect(sent.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  it("ends with a network error when every connection is reset", async () => {
    server.setFaults({ kind: "always", fault: { kind: "reset" } });
    const sent = await clientFor(server, { retry: { limit: 2 } }).captureBatch(batch);
    expect(sent.error?.kind).toBe("request");
    if (sent.error?.kind === "request") expect(sent.error.reason).toBe("network");
    expect(server.requests).toHaveLength(3);
  });

  it("retries, then fails with a network error, on an unreachable port", async () => {
    const down = await startTestServer();
    await down.unreachable();
    try {
      const retries: RetryInfo[] = [];
      const sent = await clientFor(down, { retry: { limit: 2 } }).captureBatch(batch, {
        onRetry: (info) => retries.push(info),
      });
      expect(sent.error?.kind).toBe("request");
      if (sent.error?.kind === "request") expect(sent.error.reason).toBe("network");
      expect(sent.error?.message).toContain("ECONNREFUSED");
      expect(retries).toHaveLength(2);
    } finally {
      await down.close();
    }
  });

  describe("abort", () => {
    it("sends nothing when the signal is already aborted", async () => {
      const sent = await clientFor(server).captureBatch(batch, { signal: AbortSignal.abort() });
      expect(sent.error?.kind).toBe("request");
      if (sent.error?.kind === "request") expect(sent.error.reason).toBe("abort");
      expect(server.requests).toHaveLength(0);
    });

    it("ends a request in flight at once", async () => {
      server.setFaults({ kind: "always", fault: { kind: "delay", ms: 5_000 } });
      const controller = new AbortController();
      void server.waitForRequests(1).then(() => controller.abort());
      const started = Date.now();
      const sent = await clientFor(server, { timeoutMs: 10_000 }).captureBatch(batch, {
        signal: controller.signal,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      if (sent.error?.kind === "request") expect(sent.error.reason).toBe("abort");
      expect(sent.error?.kind).toBe("request");
      expect(server.requests).toHaveLength(1);
    });

    it("ends the backoff wait at once", async () => {
      server.setFaults({ kind: "always", fault: 503 });
      const controller = new AbortController();
      void server
        .waitForRequests(1)
        .then(() => setTimeout(() => controller.abort(new Error("actor stopped")), 30));
      const started = Date.now();
      const sent = await clientFor(server, {
        retry: { baseDelayMs: 10_000, maxDelayMs: 20_000 },
      }).captureBatch(batch, {
        signal: controller.signal,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(sent.error?.kind).toBe("request");
      if (sent.error?.kind === "request") expect(sent.error.reason).toBe("abort");
      expect((sent.error?.cause as Error | undefined)?.message).toBe("actor stopped");
      expect(server.requests).toHaveLength(1);
    });

    it("ends the Retry-After wait at once", async () => {
      server.setFaults({ kind: "always", fault: { kind: "status", status: 429, retryAfter: 30 } });
      const controller = new AbortController();
      void server.waitForRequests(1).then(() => setTimeout(() => controller.abort(), 50));
      const started = Date.now();
      const sent = await clientFor(server).captureBatch(batch, { signal: controller.signal });
      expect(Date.now() - started).toBeLessThan(2_000);
      if (sent.error?.kind === "request") expect(sent.error.reason).toBe("abort");
      expect(server.requests).toHaveLength(1);
    });
  });
});
