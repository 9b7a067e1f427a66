import { promisify } from "node:util";
import zlib from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { compress, isCompressionSupported, type PostHogWireEvent } from "./exports.ts";
import { clientFor, PROJECT_TOKEN, startRawServer } from "./support.ts";

const gunzip = promisify(zlib.gunzip);

const events: PostHogWireEvent[] = [
  {
    event: "signed_up",
    distinct_id: "user-1",
    properties: {
      plan: "pro",
      seats: 3,
      nested: { ok: true, list: [1, "two", null] },
      emoji: "café ☕",
    },
    timestamp: "2024-05-01T10:00:00.000Z",
    uuid: "0190d8f4-8b9a-7c3e-9f00-000000000001",
  },
  {
    event: "$pageview",
    distinct_id: "user-2",
    properties: { $current_url: "https://example.com/?a=1&b=2" },
  },
];

describe("PostHogClient.captureBatch", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it("posts PostHog's exact batch body, gzipped, to /batch/", async () => {
    const before = Date.now();
    const sent = await clientFor(server).captureBatch(events);
    expect(sent.ok).toBe(true);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/batch/");
    expect(request?.headers["content-encoding"]).toBe("gzip");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["user-agent"]).toMatch(/^tsactor-posthog\/\d+\.\d+\.\d+/);
    expect(request?.headers.authorization).toBeUndefined();
    const text = (await gunzip(request?.rawBody ?? Buffer.alloc(0))).toString("utf8");
    const sentAt = (JSON.parse(text) as { sent_at: string }).sent_at;
    expect(text).toBe(JSON.stringify({ api_key: PROJECT_TOKEN, batch: events, sent_at: sentAt }));
    expect(Date.parse(sentAt)).toBeGreaterThanOrEqual(before - 1);
    expect(server.events).toEqual(events);
  });

  it("adds historical_migration when asked", async () => {
    await clientFor(server).captureBatch(events, { historicalMigration: true });
    const text = (await gunzip(server.requests[0]?.rawBody ?? Buffer.alloc(0))).toString("utf8");
    const sentAt = (JSON.parse(text) as { sent_at: string }).sent_at;
    expect(text).toBe(
      JSON.stringify({
        api_key: PROJECT_TOKEN,
        batch: events,
        sent_at: sentAt,
        historical_migration: true,
      }),
    );
  });

  it("sends plain JSON when compression is off", async () => {
    await clientFor(server).captureBatch(events, { compression: "none" });
    const [request] = server.requests;
    expect(request?.headers["content-encoding"]).toBeUndefined();
    const text = request?.rawBody.toString("utf8") ?? "";
    const sentAt = (JSON.parse(text) as { sent_at: string }).sent_at;
    expect(text).toBe(JSON.stringify({ api_key: PROJECT_TOKEN, batch: events, sent_at: sentAt }));
  });

  it("sends a fresh sent_at on each attempt", async () => {
    server.setFaults({ kind: "sequence", steps: [503, 503, 200] });
    const sent = await clientFor(server, { retry: { baseDelayMs: 20 } }).captureBatch(events);
    expect(sent.ok).toBe(true);
    const sentAts = server.requests.map((request) => (request.body as { sent_at: string }).sent_at);
    expect(sentAts).toHaveLength(3);
    expect(new Set(sentAts).size).toBe(3);
    expect(sentAts.map(Date.parse)).toEqual([...sentAts.map(Date.parse)].sort((a, b) => a - b));
    expect(server.requests.map((request) => (request.body as { batch: unknown }).batch)).toEqual([
      events,
      events,
      events,
    ]);
  });

  it("sends nothing for an empty batch", async () => {
    const sent = await clientFor(server).captureBatch([]);
    expect(sent.ok).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it("returns a serialization error without a request for a BigInt", async () => {
    const sent = await clientFor(server).captureBatch([
      { event: "e", distinct_id: "d", properties: { big: 10n } },
    ]);
    expect(sent.error?.kind).toBe("serialization");
    if (sent.error?.kind === "serialization") expect(sent.error.direction).toBe("request");
    expect(sent.error?.message).toContain("BigInt");
    expect(server.requests).toHaveLength(0);
  });

  it("returns a serialization error without a request for a cycle", async () => {
    const properties: Record<string, unknown> = {};
    properties.self = properties;
    const sent = await clientFor(server).captureBatch([
      { event: "e", distinct_id: "d", properties },
    ]);
    expect(sent.error?.kind).toBe("serialization");
    expect(sent.error?.cause).toBeInstanceOf(TypeError);
    expect(server.requests).toHaveLength(0);
  });

  it("returns a serialization error when a success answer is not JSON", async () => {
    const raw = await startRawServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" }).end("<html>not PostHog</html>");
    });
    try {
      const sent = await clientFor(server, { host: raw.url }).captureBatch(events);
      expect(sent.error?.kind).toBe("serialization");
      if (sent.error?.kind === "serialization") expect(sent.error.direction).toBe("response");
      expect(sent.error?.message).toContain("<html>not PostHog</html>");
      expect(raw.hits()).toBe(1);
    } finally {
      await raw.close();
    }
  });

  it("returns PostHog's 400 as an api error with its code, without retrying", async () => {
    const sent = await clientFor(server).captureBatch([
      { event: "", distinct_id: "" } as PostHogWireEvent,
    ]);
    expect(sent.error?.kind).toBe("api");
    if (sent.error?.kind === "api") {
      expect(sent.error.status).toBe(400);
      expect(typeof sent.error.code === "string" || sent.error.code === undefined).toBe(true);
    }
    expect(server.requests).toHaveLength(1);
  });
});

describe("PostHogClient.send", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it("sends a JSON body to another ingestion route and decodes the answer", async () => {
    const client = clientFor(server);
    const answer = await client.send(
      "/i/v0/ai/batch/",
      ({ sentAt }: { sentAt: string }) => ({
        api_key: PROJECT_TOKEN,
        batch: events,
        sent_at: sentAt,
      }),
      { compression: "gzip" },
    );
    expect(answer.ok).toBe(true);
    expect(answer.value?.status).toBe(200);
    expect(answer.value?.body).toEqual({ status: "Ok" });
    expect(server.requests[0]?.path).toBe("/i/v0/ai/batch/");
    expect(server.requests[0]?.headers["content-encoding"]).toBe("gzip");
    expect(server.events).toHaveLength(2);
  });

  it("adds a query and returns the flags answer", async () => {
    server.setFlags({ flags: { beta: true } });
    const answer = await clientFor(server).send(
      "/flags",
      { token: PROJECT_TOKEN, distinct_id: "u1" },
      { query: { v: "2" } },
    );
    expect(answer.ok).toBe(true);
    expect(server.requests[0]?.query).toEqual({ v: "2" });
    expect(answer.value?.body).toMatchObject({ flags: { beta: { enabled: true } } });
  });

  it("sends a GET without a body", async () => {
    server.setFlagDefinitions({ flags: [{ id: 1, key: "beta", active: true, filters: {} }] });
    const answer = await clientFor(server).send("/flags/definitions", undefined, {
      method: "GET",
      headers: { authorization: "Bearer phs_local_eval" },
    });
    expect(answer.ok).toBe(true);
    expect(answer.value?.body).toMatchObject({ flags: [{ key: "beta" }] });
    expect(server.requests[0]?.method).toBe("GET");
    expect(server.requests[0]?.headers["content-type"]).toBeUndefined();
    expect(server.requests[0]?.bodyBytes).toBe(0);
  });

  it("takes a timeout and a retry limit for one call", async () => {
    server.setFaults({ kind: "always", route: "flags", fault: { kind: "delay", ms: 1_000 } });
    const client = clientFor(server, { timeoutMs: 5_000 });
    const answer = await client.send(
      "/flags",
      { token: PROJECT_TOKEN, distinct_id: "u" },
      { timeoutMs: 100, retryLimit: 0 },
    );
    expect(answer.error?.kind).toBe("request");
    if (answer.error?.kind === "request") expect(answer.error.reason).toBe("timeout");
    expect(server.requests).toHaveLength(1);
    const bad = await client.send("/flags", {}, { retryLimit: 11 });
    expect(bad.error?.kind === "invalid-options" && bad.error.option).toBe("retryLimit");
  });

  it("refuses a value JSON cannot carry before any request", async () => {
    const answer = await clientFor(server).send("/batch/", { n: 1n });
    expect(answer.error?.kind).toBe("serialization");
    expect(server.requests).toHaveLength(0);
  });
});

describe("compress", () => {
  it("round-trips gzip, deflate and brotli, and zstd where Node has it", async () => {
    const text = JSON.stringify(events);
    expect((await promisify(zlib.gunzip)(await compress(text, "gzip"))).toString()).toBe(text);
    expect((await promisify(zlib.inflate)(await compress(text, "deflate"))).toString()).toBe(text);
    expect((await promisify(zlib.brotliDecompress)(await compress(text, "br"))).toString()).toBe(
      text,
    );
    expect(Buffer.from(await compress(text, "none")).toString()).toBe(text);
    const zstdDecompress = (
      zlib as unknown as { zstdDecompressSync?: (input: Uint8Array) => Buffer }
    ).zstdDecompressSync;
    expect(isCompressionSupported("zstd")).toBe(typeof zstdDecompress === "function");
    if (zstdDecompress !== undefined) {
      expect(zstdDecompress(await compress(text, "zstd")).toString()).toBe(text);
    } else {
      await expect(compress(text, "zstd")).rejects.toThrow(RangeError);
    }
  });
});
