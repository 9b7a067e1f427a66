import zlib, { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { anEvent, batchBody, post } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ maxRequestBytes: 64 * 1024, maxEventBytes: 4 * 1024 });
});
afterEach(() => server.reset());
afterAll(() => server.close());

describe("ingestion routes", () => {
  for (const path of [
    "/batch/",
    "/batch",
    "/i/v0/e/",
    "/e/",
    "/capture/",
    "/track/",
    "/i/v0/ai/batch/",
  ]) {
    it(`accepts a batch on ${path} with 200 {"status":"Ok"}`, async () => {
      const event = anEvent();
      const answer = await post(`${server.url}${path}`, batchBody([event]));
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ status: "Ok" });
      expect(server.events).toEqual([event]);
    });
  }

  it("classifies the AI route apart from the classic ones", async () => {
    await post(`${server.url}/i/v0/ai/batch/`, batchBody([anEvent({ event: "$ai_generation" })]));
    await post(`${server.url}/batch/`, batchBody([anEvent()]));
    expect(server.requests.map((request) => request.route)).toEqual(["capture-ai", "capture"]);
  });

  it("answers 405 to a GET on a capture route", async () => {
    const response = await fetch(`${server.url}/batch/`);
    expect(response.status).toBe(405);
    expect(await response.json()).toMatchObject({ code: "method_not_allowed" });
  });

  it("answers 404 with PostHog's error shape on an unknown path", async () => {
    const answer = await post(`${server.url}/nowhere`, {});
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      type: "invalid_request",
      code: "not_found",
      detail: "Not found.",
      attr: null,
    });
  });
});

describe("ingestion body shapes", () => {
  it("accepts { token, batch } as well as { api_key, batch }", async () => {
    const event = anEvent();
    const answer = await post(`${server.url}/batch/`, { token: "phc_test", batch: [event] });
    expect(answer.status).toBe(200);
    expect(server.events).toEqual([event]);
  });

  it("accepts a bare array of events that carry their own token", async () => {
    const events = [
      anEvent({ api_key: "phc_test" }),
      anEvent({ properties: { token: "phc_test" } }),
    ];
    const answer = await post(`${server.url}/e/`, events);
    expect(answer.status).toBe(200);
    expect(server.events).toEqual(events);
  });

  it("accepts one event with its token in properties.$token or the query", async () => {
    const first = anEvent({ properties: { $token: "phc_test" } });
    const second = anEvent();
    expect((await post(`${server.url}/i/v0/e/`, first)).status).toBe(200);
    expect((await post(`${server.url}/i/v0/e/?api_key=phc_test`, second)).status).toBe(200);
    expect(server.events).toEqual([first, second]);
  });

  it("accepts distinct_id given as properties.$distinct_id", async () => {
    const event = { event: "$pageview", properties: { $distinct_id: "anon-1" } };
    const answer = await post(`${server.url}/batch/`, batchBody([event]));
    expect(answer.status).toBe(200);
  });

  it("records historical_migration and sent_at in the decoded body", async () => {
    await post(`${server.url}/batch/`, batchBody([anEvent()], { historical_migration: true }));
    expect(server.requests[0]?.body).toMatchObject({
      historical_migration: true,
      api_key: "phc_test",
    });
  });

  it("answers 204 to a beacon request", async () => {
    const answer = await post(`${server.url}/e/?beacon=1`, batchBody([anEvent()]));
    expect(answer.status).toBe(204);
    expect(server.events).toHaveLength(1);
  });
});

describe("ingestion body encodings", () => {
  const body = () => JSON.stringify(batchBody([anEvent()]));

  it("decodes Content-Encoding: gzip", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, { raw: body(), gzip: true });
    expect(answer.status).toBe(200);
    expect(server.requests[0]?.headers["content-encoding"]).toBe("gzip");
    expect(server.events).toHaveLength(1);
  });

  it("decodes Content-Encoding: deflate, zlib-wrapped or raw", async () => {
    for (const raw of [deflateSync(body()), deflateRawSync(body())]) {
      const answer = await post(`${server.url}/batch/`, undefined, {
        raw,
        headers: { "content-encoding": "deflate" },
      });
      expect(answer.status).toBe(200);
    }
    expect(server.events).toHaveLength(2);
  });

  it("decodes Content-Encoding: br", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, {
      raw: brotliCompressSync(body()),
      headers: { "content-encoding": "br" },
    });
    expect(answer.status).toBe(200);
    expect(server.events).toHaveLength(1);
  });

  const zstdCompress = (zlib as unknown as Record<string, unknown>).zstdCompressSync as
    | ((input: string) => Buffer)
    | undefined;
  it.skipIf(zstdCompress === undefined)("decodes Content-Encoding: zstd", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, {
      raw: zstdCompress?.(body()) ?? "",
      headers: { "content-encoding": "zstd" },
    });
    expect(answer.status).toBe(200);
    expect(server.events).toHaveLength(1);
  });

  it("decodes gzip recognised by its magic bytes alone", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, {
      raw: gzipSync(body()),
      headers: { "content-type": "text/plain" },
    });
    expect(answer.status).toBe(200);
    expect(server.events).toHaveLength(1);
  });

  it("decodes the compression=gzip-js query form", async () => {
    const answer = await post(`${server.url}/e/?compression=gzip-js&ver=1.0`, undefined, {
      raw: gzipSync(body()),
      headers: { "content-type": "text/plain" },
    });
    expect(answer.status).toBe(200);
    expect(server.requests[0]?.query).toMatchObject({ compression: "gzip-js", ver: "1.0" });
  });

  it("unwraps a form-encoded data= field holding base64 JSON", async () => {
    const data = Buffer.from(body()).toString("base64");
    const answer = await post(`${server.url}/e/`, undefined, {
      raw: new URLSearchParams({ data }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(200);
    expect(server.events).toHaveLength(1);
  });

  it("keeps the raw (compressed) body and the decoded JSON in the record", async () => {
    const raw = gzipSync(body());
    await post(`${server.url}/batch/`, undefined, { raw, headers: { "content-encoding": "gzip" } });
    const [request] = server.requests;
    expect(request?.rawBody.equals(raw)).toBe(true);
    expect(request?.bodyBytes).toBe(raw.length);
    expect(request?.body).toMatchObject({ api_key: "phc_test" });
  });

  it("answers 400 to an unknown Content-Encoding", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, {
      raw: body(),
      headers: { "content-encoding": "lz4" },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: "invalid_payload" });
  });

  it("answers 400 to a body that claims gzip but is not", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, {
      raw: body(),
      headers: { "content-encoding": "gzip" },
    });
    expect(answer.status).toBe(400);
  });
});

describe("ingestion validation", () => {
  it("answers 400 naming the problem for bad JSON", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, { raw: "{not json" });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ type: "validation_error", code: "invalid_payload" });
    expect(server.requests[0]?.bodyError).toMatch(/not valid JSON/);
    expect(server.events).toEqual([]);
  });

  it("answers 400 to an empty batch", async () => {
    const answer = await post(`${server.url}/batch/`, batchBody([]));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: "empty_batch", attr: "batch" });
  });

  it("answers 400 to an empty body", async () => {
    const answer = await post(`${server.url}/batch/`, undefined, { raw: "" });
    expect(answer.status).toBe(400);
  });

  it("answers 400 naming the event without an event name, and accepts none of the batch", async () => {
    const answer = await post(
      `${server.url}/batch/`,
      batchBody([anEvent(), anEvent({ event: undefined })]),
    );
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: "missing_event_name", attr: "batch[1].event" });
    expect(server.events).toEqual([]);
  });

  it("answers 400 to an event without a distinct_id", async () => {
    const answer = await post(`${server.url}/batch/`, batchBody([anEvent({ distinct_id: "" })]));
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      code: "missing_distinct_id",
      attr: "batch[0].distinct_id",
    });
  });

  it("answers 401 when no token is given anywhere", async () => {
    const answer = await post(`${server.url}/batch/`, { batch: [anEvent()] });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ type: "authentication_error", code: "no_token" });
  });

  it("answers 413 to an event over the per-event limit", async () => {
    const big = anEvent({ properties: { blob: "x".repeat(5 * 1024) } });
    const answer = await post(`${server.url}/batch/`, batchBody([anEvent(), big]));
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ code: "event_too_big", attr: "batch[1]" });
    expect(server.events).toEqual([]);
  });

  it("answers 413 to a request body over the limit and records its size", async () => {
    const events = Array.from({ length: 40 }, () =>
      anEvent({ properties: { blob: "y".repeat(2_000) } }),
    );
    const answer = await post(`${server.url}/batch/`, batchBody(events));
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ code: "payload_too_large" });
    expect(server.requests[0]?.bodyBytes).toBeGreaterThan(64 * 1024);
  });

  it("answers 413 to a small gzip body that decompresses over the limit", async () => {
    const events = Array.from({ length: 40 }, () =>
      anEvent({ properties: { blob: "z".repeat(2_000) } }),
    );
    const answer = await post(`${server.url}/batch/`, batchBody(events), { gzip: true });
    expect(server.requests[0]?.bodyBytes).toBeLessThan(64 * 1024);
    expect(answer.status).toBe(413);
  });
});

describe("ingestion default limits", () => {
  it("takes 20 MiB per request and 1 MiB per event by default", async () => {
    const defaults = await startTestServer();
    try {
      const justUnder = anEvent({ properties: { blob: "a".repeat(1024 * 1024 - 300) } });
      expect((await post(`${defaults.url}/batch/`, batchBody([justUnder]))).status).toBe(200);
      const over = anEvent({ properties: { blob: "a".repeat(1024 * 1024) } });
      expect((await post(`${defaults.url}/batch/`, batchBody([over]))).status).toBe(413);
      const many = Array.from({ length: 21 }, () => justUnder);
      expect((await post(`${defaults.url}/batch/`, batchBody(many))).status).toBe(413);
    } finally {
      await defaults.close();
    }
  });
});
