import ky from "ky";
import { describe, expect, it } from "vitest";
import type { WireEvent } from "../../src/capture/types.ts";
import { uuidv7 } from "../../src/capture/uuid.ts";
import { sendV1Batch, type V1SenderOptions } from "../../src/capture/v1/v1-sender.ts";
import { isCompressionSupported } from "../../src/client/compression.ts";
import { sharedTestServer } from "../support/test-server.ts";

const server = await sharedTestServer();

function events(count: number): WireEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    uuid: uuidv7(),
    event: `e${i}`,
    distinct_id: "u1",
    properties: { $lib: "tsactor-posthog", $lib_version: "0.1.0", i },
    timestamp: "2025-01-02T03:04:05.000Z",
    type: "capture" as const,
  }));
}

function options(overrides: Partial<V1SenderOptions> = {}): V1SenderOptions {
  return {
    http: ky,
    host: server.url,
    apiKey: "phc_test",
    timeoutMs: 2_000,
    retry: { limit: 3, baseDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2_000 },
    compression: "none",
    historicalMigration: false,
    ...overrides,
  };
}

function header(index: number, name: string): string | undefined {
  const value = server.requests[index]?.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function body(index: number): Record<string, unknown> {
  return (server.requests[index]?.body ?? {}) as Record<string, unknown>;
}

function batchUuids(index: number): string[] {
  const body = server.requests[index]?.body as { batch?: { uuid: string }[] } | undefined;
  return (body?.batch ?? []).map((event) => event.uuid);
}

describe("sendV1Batch", () => {
  it("sends the V1 request and reports every event delivered", async () => {
    const batch = events(2);
    const report = (await sendV1Batch(batch, options())).getOrThrow();
    expect(report).toEqual({
      delivered: batch.map((e) => e.uuid),
      rejected: [],
      notes: [],
      attempts: 1,
    });
    const [request] = server.requests;
    expect(request?.path).toBe("/i/v1/analytics/events");
    expect(request?.status).toBe(200);
    expect(header(0, "authorization")).toBe("Bearer phc_test");
    expect(header(0, "posthog-attempt")).toBe("1");
    expect(header(0, "posthog-sdk-info")).toBe("tsactor-posthog/0.1.0");
    expect(header(0, "user-agent")).toMatch(/^tsactor-posthog\//);
    expect(header(0, "posthog-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(body(0)).sort()).toEqual(["batch", "created_at"]);
    expect(server.events.map((e) => e.uuid)).toEqual(batch.map((e) => e.uuid));
  });

  it("sends only the events PostHog asks for again, as the next attempt of the same request", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "drop", "retry", "limited"], retryAfter: 0 }, 200],
    });
    const batch = events(4);
    const report = (await sendV1Batch(batch, options())).getOrThrow();
    const [ok, dropped, retried, limited] = batch.map((e) => e.uuid);
    expect(report.delivered).toEqual([ok, limited, retried]);
    expect(report.rejected).toEqual([{ uuid: dropped, reason: "invalid_event" }]);
    expect(report.notes).toEqual([
      { uuid: limited, result: "limited", details: "person_processing_disabled" },
    ]);
    expect(report.unsettled).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(batchUuids(1)).toEqual([retried]);
    expect(header(1, "posthog-attempt")).toBe("2");
    expect(header(1, "posthog-request-id")).toBe(header(0, "posthog-request-id"));
    expect(body(1).created_at).toBe(body(0).created_at);
  });

  it("waits at least the Retry-After of a partial answer", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["retry"], retryAfter: 1 }, 200],
    });
    (await sendV1Batch(events(1), options())).getOrThrow();
    const gap = (server.requests[1]?.receivedAt ?? 0) - (server.requests[0]?.receivedAt ?? 0);
    expect(gap).toBeGreaterThanOrEqual(950);
  });

  it("retries a 503 with the next attempt number, a new attempt time and the same id", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "status", status: 503, retryAfter: 0 }, 200],
    });
    const retries: number[] = [];
    const batch = events(3);
    const report = (
      await sendV1Batch(batch, options(), { onRetry: (info) => retries.push(info.attempt) })
    ).getOrThrow();
    expect(report.delivered).toHaveLength(3);
    expect(retries).toEqual([2]);
    expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(header(1, "posthog-attempt")).toBe("2");
    expect(header(1, "posthog-request-id")).toBe(header(0, "posthog-request-id"));
    expect(header(1, "posthog-request-timestamp")).not.toBe(header(0, "posthog-request-timestamp"));
    expect(batchUuids(1)).toEqual(batchUuids(0));
  });

  it("fails the whole batch, unretried, on a 400 before any 200", async () => {
    server.setFaults({ kind: "sequence", route: "capture-v1", steps: [400] });
    const result = await sendV1Batch(events(1), options());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ kind: "api", status: 400 });
    expect(server.requests).toHaveLength(1);
  });

  it("leaves events PostHog still wants again after the last attempt unsettled and retryable", async () => {
    server.setFaults({
      kind: "always",
      route: "capture-v1",
      fault: { kind: "partial", results: ["retry", "ok"], retryAfter: 0 },
    });
    const batch = events(2);
    const report = (
      await sendV1Batch(batch, options({ retry: { ...options().retry, limit: 1 } }))
    ).getOrThrow();
    expect(server.requests).toHaveLength(2);
    expect(report.delivered).toEqual([batch[1]?.uuid]);
    expect(report.unsettled?.uuids).toEqual([batch[0]?.uuid]);
    expect(report.unsettled?.retryable).toBe(true);
    expect(report.unsettled?.error).toMatchObject({ kind: "api", status: 200, code: "retry" });
  });

  it("after a partial answer, reports a later refusal for the rest only", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "retry"], retryAfter: 0 }, 400],
    });
    const batch = events(2);
    const report = (await sendV1Batch(batch, options())).getOrThrow();
    expect(report.delivered).toEqual([batch[0]?.uuid]);
    expect(report.unsettled).toMatchObject({ uuids: [batch[1]?.uuid], retryable: false });
    expect(report.unsettled?.error).toMatchObject({ kind: "api", status: 400 });
  });

  it("hands back what is left when aborted during the wait after a partial answer", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "retry"], retryAfter: 5 }],
    });
    const controller = new AbortController();
    const batch = events(2);
    const pending = sendV1Batch(
      batch,
      options({ retry: { ...options().retry, maxRetryAfterMs: 10_000 } }),
      {
        signal: controller.signal,
      },
    );
    await server.waitForRequests(1);
    // Let the client read the partial answer; it then waits the 5 s Retry-After.
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort(new Error("shutting down"));
    const report = (await pending).getOrThrow();
    expect(report.delivered).toEqual([batch[0]?.uuid]);
    expect(report.unsettled).toMatchObject({ uuids: [batch[1]?.uuid], retryable: false });
    expect(report.unsettled?.error).toMatchObject({ kind: "request", reason: "abort" });
    expect(server.requests).toHaveLength(1);
  });

  it("does not count a 200 it cannot read as delivered", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "status", status: 200, body: "not the V1 shape" }],
    });
    const report = (await sendV1Batch(events(1), options())).getOrThrow();
    expect(report.delivered).toEqual([]);
    expect(report.unsettled?.error.kind).toBe("serialization");
    expect(report.unsettled?.retryable).toBe(false);
  });

  it("marks a historical migration in the body", async () => {
    (await sendV1Batch(events(1), options({ historicalMigration: true }))).getOrThrow();
    expect(body(0).historical_migration).toBe(true);
  });

  const encodings = (["gzip", "deflate", "br", "zstd"] as const).filter(isCompressionSupported);
  it.each(encodings)("compresses the body with %s, which the server decodes", async (encoding) => {
    const batch = events(2);
    (await sendV1Batch(batch, options({ compression: encoding }))).getOrThrow();
    expect(header(0, "content-encoding")).toBe(encoding);
    expect(server.requests[0]?.bodyError).toBeUndefined();
    expect(server.uuids()).toEqual(batch.map((e) => e.uuid));
  });

  it("sends no Content-Encoding without compression", async () => {
    (await sendV1Batch(events(1), options())).getOrThrow();
    expect(header(0, "content-encoding")).toBeUndefined();
  });
});
