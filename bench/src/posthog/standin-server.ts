/**
 * The bench's stand-in for PostHog's capture endpoint, used while the project's test server
 * is not there: a node:http server on 127.0.0.1 that takes `/batch/`, `/i/v0/e/`, `/e/` and
 * `/capture/` bodies (JSON or gzip), counts distinct events by uuid, and answers 503 during
 * an outage window. Any other path gets `{}`.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { type IngestServer, type IngestStats, wallNow } from "./ingest.ts";

const INGEST_PATHS = ["/batch", "/i/v0/e", "/e", "/capture"];

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function decode(body: Buffer, encoding: string | undefined): unknown {
  const gzipped = encoding === "gzip" || (body[0] === 0x1f && body[1] === 0x8b);
  return JSON.parse((gzipped ? gunzipSync(body) : body).toString("utf8"));
}

function eventsOf(payload: unknown): unknown[] {
  if (Array.isArray(payload)) return payload;
  if (typeof payload === "object" && payload !== null && "batch" in payload) {
    const batch = (payload as { batch: unknown }).batch;
    return Array.isArray(batch) ? batch : [];
  }
  return [payload];
}

function uuidOf(event: unknown, fallback: number): string {
  if (typeof event === "object" && event !== null && "uuid" in event) {
    const uuid = (event as { uuid: unknown }).uuid;
    if (typeof uuid === "string") return uuid;
  }
  return `no-uuid-${fallback}`;
}

/** Starts the stand-in on 127.0.0.1 and a free port. */
export async function startStandinServer(): Promise<IngestServer> {
  let seen = new Set<string>();
  let stats = {
    duplicates: 0,
    requests: 0,
    firstAt: null as number | null,
    lastAt: null as number | null,
  };
  let outageEndsAt: number | null = null;
  let anonymous = 0;

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]?.replace(/\/$/, "") ?? "";
    readBody(req).then(
      (body) => {
        stats.requests += 1;
        if (!INGEST_PATHS.includes(path)) {
          res.writeHead(200, { "content-type": "application/json" }).end("{}");
          return;
        }
        if (outageEndsAt !== null && wallNow() < outageEndsAt) {
          res.writeHead(503, { "content-type": "application/json" }).end('{"error":"outage"}');
          return;
        }
        let events: unknown[];
        try {
          events = eventsOf(decode(body, req.headers["content-encoding"]));
        } catch {
          res.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad body"}');
          return;
        }
        for (const event of events) {
          const uuid = uuidOf(event, anonymous++);
          if (seen.has(uuid)) stats.duplicates += 1;
          else seen.add(uuid);
        }
        const now = wallNow();
        stats.firstAt ??= now;
        stats.lastAt = now;
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"Ok"}');
      },
      () => {
        res.writeHead(400).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    kind: "bench stand-in (node:http)",
    stats: (): IngestStats => ({ received: seen.size, ...stats, outageEndsAt }),
    reset: () => {
      seen = new Set();
      stats = { duplicates: 0, requests: 0, firstAt: null, lastAt: null };
      outageEndsAt = null;
    },
    outage: (ms) => {
      outageEndsAt = wallNow() + ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
