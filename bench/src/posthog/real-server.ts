/**
 * The project's own test server (`startTestServer` from `@tsactor/posthog/testing`) under the
 * bench's control channel: distinct events by uuid and the time of the last accepted request
 * are read incrementally from its recorded requests, and an outage is its `outage` fault
 * plan. If the package cannot be loaded, the server process falls back to the stand-in and
 * the report says why.
 */
import type { TestServer } from "@tsactor/posthog/testing";
import { type IngestServer, type IngestStats, wallNow } from "./ingest.ts";

class RealServer implements IngestServer {
  readonly kind = "@tsactor/posthog/testing startTestServer";
  readonly #server: TestServer;
  #seen = new Set<string>();
  #processed = 0;
  #duplicates = 0;
  #firstAt: number | null = null;
  #lastAt: number | null = null;
  #outageEndsAt: number | null = null;

  constructor(server: TestServer) {
    this.#server = server;
  }

  get url(): string {
    return this.#server.url;
  }

  stats(): IngestStats {
    const requests = this.#server.requests;
    while (this.#processed < requests.length) {
      const request = requests[this.#processed];
      if (request === undefined || request.status === null) break;
      this.#processed += 1;
      if (request.acceptedEvents.length === 0) continue;
      for (const event of request.acceptedEvents) {
        const uuid = typeof event.uuid === "string" ? event.uuid : `no-uuid-${this.#seen.size}`;
        if (this.#seen.has(uuid)) this.#duplicates += 1;
        else this.#seen.add(uuid);
      }
      this.#firstAt ??= request.receivedAt;
      this.#lastAt = request.receivedAt;
    }
    return {
      received: this.#seen.size,
      duplicates: this.#duplicates,
      requests: requests.length,
      firstAt: this.#firstAt,
      lastAt: this.#lastAt,
      outageEndsAt: this.#outageEndsAt,
    };
  }

  reset(): void {
    this.#server.reset();
    this.#seen = new Set();
    this.#processed = 0;
    this.#duplicates = 0;
    this.#firstAt = null;
    this.#lastAt = null;
    this.#outageEndsAt = null;
  }

  outage(ms: number): void {
    this.#server.setFaults({ kind: "outage", status: 503, durationMs: ms });
    this.#outageEndsAt = wallNow() + ms;
  }

  close(): Promise<void> {
    return this.#server.close();
  }
}

/** Starts the project's test server, or says why it cannot. */
export async function startRealServer(): Promise<IngestServer | string> {
  try {
    const { startTestServer } = await import("@tsactor/posthog/testing");
    return new RealServer(await startTestServer({ record: "all" }));
  } catch (error) {
    return `@tsactor/posthog/testing did not start: ${error instanceof Error ? error.message : String(error)}`;
  }
}
