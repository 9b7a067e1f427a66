/**
 * The ingestion server the PostHog workloads send to, as the bench's control channel sees
 * it: counts of distinct events received, when the first and last arrived (wall-clock ms,
 * comparable across processes), and an outage switch. Implemented over the project's test
 * server when it exists, else over the bench's stand-in.
 */

/** What the server has received since the last reset. */
export interface IngestStats {
  /** Distinct events (by uuid) received with a 2xx answer. */
  readonly received: number;
  /** Events received again (same uuid). */
  readonly duplicates: number;
  /** Requests answered, including failed ones. */
  readonly requests: number;
  /** Wall-clock ms of the first and last accepted event, null before any. */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  /** Wall-clock ms at which the current or last outage ends, null if none was set. */
  readonly outageEndsAt: number | null;
}

/** One ingestion server under the control channel. */
export interface IngestServer {
  /** Base URL clients send to. */
  readonly url: string;
  /** Which implementation this is, for the report. */
  readonly kind: string;
  stats(): IngestStats;
  reset(): void;
  /** Answer 503 to every ingestion request for `ms` from now. */
  outage(ms: number): void;
  close(): Promise<void>;
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The prefix of the line the server process announces itself on. */
export const SERVER_PREFIX = "BENCH-SERVER ";

/** What that line carries. */
export interface ServerAnnouncement {
  readonly ingestUrl: string;
  readonly controlUrl: string;
  readonly kind: string;
  readonly fallbackReason?: string;
}
