/**
 * The workers' side of the control channel to the ingestion server process: reset the
 * counters, read them, start an outage. Plain `fetch` to 127.0.0.1 (bench code, not library
 * code).
 */
import type { IngestStats } from "./ingest.ts";

/** Talks to one ingestion server process's control server. */
export class Control {
  readonly #url: string;

  /** @param url The control server's base URL. */
  constructor(url: string) {
    this.#url = url;
  }

  /** Clears counters and any outage. */
  async reset(): Promise<void> {
    await (await fetch(`${this.#url}/reset`, { method: "POST" })).json();
  }

  /** Reads the counters. */
  async stats(): Promise<IngestStats> {
    return (await (await fetch(`${this.#url}/stats`)).json()) as IngestStats;
  }

  /** Makes the server answer 503 for `ms` from now; resolves to the stats with its end. */
  async outage(ms: number): Promise<IngestStats> {
    return (await (
      await fetch(`${this.#url}/outage?ms=${ms}`, { method: "POST" })
    ).json()) as IngestStats;
  }

  /**
   * Waits until `received` reaches `expected`, or no new event arrived for `quietMs`, or
   * `maxMs` passed; resolves to the last stats read.
   */
  async settle(expected: number, quietMs: number, maxMs: number): Promise<IngestStats> {
    const start = Date.now();
    let stats = await this.stats();
    let last = stats.received;
    let lastChange = Date.now();
    while (
      stats.received < expected &&
      Date.now() - lastChange < quietMs &&
      Date.now() - start < maxMs
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      stats = await this.stats();
      if (stats.received !== last) {
        last = stats.received;
        lastChange = Date.now();
      }
    }
    return stats;
  }
}
