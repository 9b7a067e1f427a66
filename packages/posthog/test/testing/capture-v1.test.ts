import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { post } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxEventBytes: 4 * 1024 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

const V1 = "/i/v1/analytics/events";

function v1Event(overrides: Record<string, unknown> = {}) {
  return {
    event: "test_event",
    uuid: randomUUID(),
    distinct_id: "user-1",
    timestamp: new Date().toISOString(),
    properties: {},
    ...overrides,
  };
}

function v1Headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: "Bearer phc_test",
    "posthog-request-id": randomUUID(),
    "posthog-attempt": "1",
    ...extra,
  };
}

const send = (batch: unknown[], headers = v1Headers(), extra: Record<string, unknown> = {}) =>
  post(
    `${server.url}${V1}`,
    { created_at: new Date().toISOString(), batch, ...extra },
    { headers },
  );

describe("V1 capture route", () => {
  it("answers 200 with a result per uuid and echoes PostHog-Request-Id", async () => {
    const events = [v1Event(), v1Event()];
    const headers = v1Headers();
    const answer = await send(events, headers);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      results: {
        [events[0]?.uuid ?? ""]: { result: "ok" },
        [events[1]?.uuid ?? ""]: { result: "ok" },
      },
    });
    expect(answer.headers.get("posthog-request-id")).toBe(headers["posthog-request-id"]);
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(server.events).toEqual(events);
    expect(server.requests[0]?.route).toBe("capture-v1");
  });

  it("answers 401 without a Bearer token", async () => {
    const answer = await send([v1Event()], { "content-type": "application/json" });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ error: "missing_authorization" });
  });

  it("answers 415 to a non-JSON content type", async () => {
    const answer = await send([v1Event()], v1Headers({ "content-type": "text/plain" }));
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({ error: "unsupported_content_type" });
  });

  it("answers 400 when created_at is missing or the batch is empty", async () => {
    const noCreatedAt = await post(
      `${server.url}${V1}`,
      { batch: [v1Event()] },
      { headers: v1Headers() },
    );
    expect(noCreatedAt.status).toBe(400);
    expect(noCreatedAt.json).toMatchObject({ error: "request_parsing_error" });
    expect((await send([])).status).toBe(400);
  });

  it("answers 400 naming the missing root fields of an event", async () => {
    const answer = await send([v1Event(), v1Event({ uuid: undefined, timestamp: undefined })]);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error_description: "batch[1] is missing uuid, timestamp" });
  });

  it("answers 413 to an event over the per-event limit", async () => {
    const answer = await send([v1Event({ properties: { blob: "x".repeat(5_000) } })]);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ error: "payload_too_large" });
  });

  it("decodes a gzip body", async () => {
    const body = { created_at: new Date().toISOString(), batch: [v1Event()] };
    const answer = await post(`${server.url}${V1}`, body, { headers: v1Headers(), gzip: true });
    expect(answer.status).toBe(200);
    expect(server.events).toHaveLength(1);
  });
});

describe("V1 partial answers", () => {
  it("names each event's result, adds Retry-After for retry, and accepts only ok and limited", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "retry", "drop", "limited"] }],
    });
    const events = [v1Event(), v1Event(), v1Event(), v1Event()];
    const answer = await send(events);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      results: {
        [String(events[0]?.uuid)]: { result: "ok" },
        [String(events[1]?.uuid)]: { result: "retry", details: "not_persisted" },
        [String(events[2]?.uuid)]: { result: "drop", details: "invalid_event" },
        [String(events[3]?.uuid)]: { result: "limited", details: "person_processing_disabled" },
      },
    });
    expect(answer.headers.get("retry-after")).toBe("1");
    expect(server.events).toEqual([events[0], events[3]]);
    expect(server.requests[0]?.fault).toBe("partial");
  });

  it("takes custom results and a custom Retry-After, and no Retry-After without a retry", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [
        {
          kind: "partial",
          results: [{ result: "unknown_future", details: "x" }, "retry"],
          retryAfter: 3,
        },
        { kind: "partial", results: ["ok", "drop"] },
      ],
    });
    const first = await send([v1Event(), v1Event()]);
    expect(Object.values((first.json as { results: object }).results)).toEqual([
      { result: "unknown_future", details: "x" },
      { result: "retry", details: "not_persisted" },
    ]);
    expect(first.headers.get("retry-after")).toBe("3");
    const second = await send([v1Event(), v1Event()]);
    expect(second.headers.get("retry-after")).toBeNull();
  });

  it("answers retryable status faults with the V1 error body and Retry-After: 1", async () => {
    server.setFaults({ kind: "sequence", steps: [503, 400] });
    const retryable = await send([v1Event()]);
    expect(retryable.status).toBe(503);
    expect(retryable.json).toMatchObject({
      error: "service_unavailable",
      error_uri: "https://posthog.com/docs/api",
    });
    expect(retryable.headers.get("retry-after")).toBe("1");
    const fatal = await send([v1Event()]);
    expect(fatal.status).toBe(400);
    expect(fatal.headers.get("retry-after")).toBeNull();
  });
});
