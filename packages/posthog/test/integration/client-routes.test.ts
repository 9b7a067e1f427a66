/**
 * The client's capture routes beside `/batch/`: `captureAiBatch` (the AI route, the same
 * envelope and retries) and `captureV1Batch` (the V1 protocol's per-event report), against
 * the test server.
 */
import { describe, expect, it } from "vitest";
import { toWire } from "../../src/capture/wire.ts";
import { PostHogClient, uuidv7 } from "../../src/index.ts";
import { sharedTestServer } from "../support/test-server.ts";

const server = await sharedTestServer();

function client(): PostHogClient {
  return new PostHogClient({
    apiKey: "phc_routes",
    host: server.url,
    retry: { limit: 2, baseDelayMs: 1 },
  });
}

function wire(event: string) {
  return toWire(
    { distinctId: "u1", event, uuid: uuidv7(), timestamp: new Date().toISOString() },
    false,
  );
}

describe("PostHogClient capture routes", () => {
  it("captureAiBatch posts the batch envelope to /i/v0/ai/batch/ and retries like captureBatch", async () => {
    server.setFaults({ kind: "sequence", route: "capture-ai", steps: [503, 200] });
    const retries: number[] = [];
    const sent = await client().captureAiBatch([wire("$ai_generation")], {
      onRetry: ({ attempt }) => retries.push(attempt),
    });
    expect(sent.ok).toBe(true);
    expect(retries).toEqual([2]);
    const requests = server.requestsTo("capture-ai");
    expect(requests.map((request) => request.status)).toEqual([503, 200]);
    expect(requests[1]?.headers["content-encoding"]).toBe("gzip");
    expect(requests[1]?.body).toMatchObject({
      api_key: "phc_routes",
      batch: [{ event: "$ai_generation" }],
    });
  });

  it("captureV1Batch reports each event, resending only those PostHog asks for", async () => {
    server.setFaults({
      kind: "sequence",
      route: "capture-v1",
      steps: [{ kind: "partial", results: ["ok", "retry", "drop"], retryAfter: 0 }],
    });
    const events = [wire("a"), wire("b"), wire("c")];
    const retries: number[] = [];
    const sent = await client().captureV1Batch(events, {
      compression: "deflate",
      onRetry: ({ attempt }) => retries.push(attempt),
    });
    expect(sent.value).toMatchObject({
      delivered: [events[0]?.uuid, events[1]?.uuid],
      rejected: [{ uuid: events[2]?.uuid, reason: "invalid_event" }],
      attempts: 2,
    });
    expect(sent.value?.unsettled).toBeUndefined();
    expect(retries).toEqual([2]);
    expect(server.requestsTo("capture-v1")[0]?.headers["content-encoding"]).toBe("deflate");
  });

  it("captureV1Batch answers the whole batch's error when PostHog never answered 200", async () => {
    server.setFaults({ kind: "always", route: "capture-v1", fault: 401 });
    const sent = await client().captureV1Batch([wire("a")]);
    expect(sent.error).toMatchObject({ kind: "api", status: 401 });
    expect(server.requestsTo("capture-v1")).toHaveLength(1);
  });

  it("sends nothing for an empty batch", async () => {
    expect((await client().captureAiBatch([])).ok).toBe(true);
    expect((await client().captureV1Batch([])).value).toMatchObject({ delivered: [], attempts: 0 });
    expect(server.requests).toHaveLength(0);
  });
});
