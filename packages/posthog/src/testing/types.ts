/**
 * Public types of `@tsactor/posthog/testing`: what the test server records (requests and
 * accepted events), the routes it knows, and the options it starts with. Fault types live
 * in `fault-types.ts`, flag and private-API scripts in `script-types.ts`; the
 * `TestServer` interface itself in `test-server.ts`.
 */

import type { FaultPlan } from "./fault-types.ts";
import type { FlagDefinitions, FlagsScript, PrivateApiRoute } from "./script-types.ts";

/**
 * The routes the test server knows, as it classifies each request.
 *
 * - `"capture"`: PostHog's classic ingestion paths `/batch/`, `/e/`, `/i/v0/e/`,
 *   `/capture/`, `/track/` (with or without the trailing slash).
 * - `"capture-ai"`: `/i/v0/ai/batch/` (LLM analytics events).
 * - `"capture-v1"`: `POST /i/v1/analytics/events` (the V1 capture protocol).
 * - `"flags"`: `POST /flags` (remote flag evaluation).
 * - `"flag-definitions"`: `GET /flags/definitions` and `/api/feature_flag/local_evaluation`.
 * - `"private-api"`: every other path under `/api/`.
 * - `"control"`: `/_test/…`, only when the `control` option is on (never recorded).
 * - `"unknown"`: anything else (answered 404).
 *
 * @example
 * ```ts
 * const flagCalls = server.requests.filter((r) => r.route === "flags");
 * ```
 */
export type RouteKind =
  | "capture"
  | "capture-ai"
  | "capture-v1"
  | "flags"
  | "flag-definitions"
  | "private-api"
  | "control"
  | "unknown";

/**
 * An event the server accepted, exactly as decoded from the request body (a JSON object:
 * `event`, `distinct_id`, `properties`, `uuid`, `timestamp`, … whatever the client sent).
 *
 * @example
 * ```ts
 * const [first] = server.events;
 * expect(first?.event).toBe("signed_up");
 * expect(first?.properties?.plan).toBe("pro");
 * ```
 */
export interface CapturedEvent {
  readonly event?: unknown;
  readonly distinct_id?: unknown;
  readonly uuid?: unknown;
  readonly timestamp?: unknown;
  readonly properties?: Readonly<Record<string, unknown>>;
  readonly [field: string]: unknown;
}

/**
 * One request the server received, recorded in arrival order (also when a fault answered
 * it or reset its connection).
 *
 * @example
 * ```ts
 * const [request] = server.requests;
 * expect(request?.path).toBe("/batch/");
 * expect(request?.headers["content-encoding"]).toBe("gzip");
 * expect(request?.status).toBe(200);
 * ```
 */
export interface RecordedRequest {
  /** 1-based position in arrival order (stable across `requests` snapshots). */
  readonly seq: number;
  readonly method: string;
  /** The path without the query string, e.g. `/batch/`. */
  readonly path: string;
  /** The query string, parsed (a repeated key keeps its last value). */
  readonly query: Readonly<Record<string, string>>;
  /** Request headers, names lower-cased as Node gives them. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The route the server classified the request as. */
  readonly route: RouteKind;
  /** The body as received (still compressed). Empty when the body exceeded the size limit. */
  readonly rawBody: Buffer;
  /** Size of the body as received, in bytes (also when it was too large to keep). */
  readonly bodyBytes: number;
  /** The body decompressed and parsed as JSON; `undefined` when there was none or it failed. */
  readonly body: unknown;
  /** Why decoding the body failed, when it did. */
  readonly bodyError: string | undefined;
  /** When the request was received, `Date.now()` milliseconds. */
  readonly receivedAt: number;
  /**
   * The status the server answered, or `null` while the answer is pending, and for good when
   * the connection was reset by a fault or closed by the client before the answer.
   */
  readonly status: number | null;
  /** The name of the fault that shaped the answer (`"status"`, `"delay"`, …), if any. */
  readonly fault: string | undefined;
  /** The events of this request that were accepted (empty for a rejected request). */
  readonly acceptedEvents: readonly CapturedEvent[];
}

/**
 * What the server keeps. `"all"` keeps every request and event; `"counts"` keeps only the
 * counters of {@link ServerStats} (for benchmarks that push millions of events).
 *
 * @example
 * ```ts
 * const server = await startTestServer({ record: "counts" });
 * ```
 */
export type RecordMode = "all" | "counts";

/**
 * Counters since start (or since the last `reset()`).
 *
 * @example
 * ```ts
 * expect(server.stats().events).toBe(1000);
 * ```
 */
export interface ServerStats {
  /** Requests received (all routes except `control`). */
  readonly requests: number;
  /** Events accepted. */
  readonly events: number;
  /** Request body bytes received, as sent (compressed). */
  readonly bytes: number;
  /** How many answers were sent, by status. */
  readonly statuses: Readonly<Record<number, number>>;
  /** Connections reset by a fault. */
  readonly resets: number;
}

/**
 * Options of {@link startTestServer}. Every field is optional.
 *
 * @example
 * ```ts
 * const server = await startTestServer({ maxEventBytes: 10_000, flags: { flags: { beta: true } } });
 * ```
 */
export interface TestServerOptions {
  /** Port to listen on. @defaultValue `0` (a free port) */
  readonly port?: number;
  /** Address to listen on. @defaultValue `"127.0.0.1"` */
  readonly host?: string;
  /** Largest request body accepted, compressed or decompressed, in bytes. @defaultValue 20 MiB */
  readonly maxRequestBytes?: number;
  /** Largest event accepted, as JSON bytes. @defaultValue 1 MiB */
  readonly maxEventBytes?: number;
  /** What to keep. @defaultValue `"all"` */
  readonly record?: RecordMode;
  /** Faults armed from the start (as `setFaults`). */
  readonly faults?: FaultPlan | readonly FaultPlan[];
  /** Answers of `POST /flags` (as `setFlags`). */
  readonly flags?: FlagsScript;
  /** Answer of `GET /flags/definitions` (as `setFlagDefinitions`). */
  readonly flagDefinitions?: FlagDefinitions;
  /** Scripted private-API answers (as `onPrivateApi`, in order). */
  readonly privateApi?: readonly PrivateApiRoute[];
  /**
   * Serve the control routes under `/_test/` (stats, reset, faults as JSON), for a server
   * run in another process (see `cli.ts`). @defaultValue `false`
   */
  readonly control?: boolean;
}

/**
 * Options of `waitForEvents` and `waitForRequests`.
 *
 * @example
 * ```ts
 * await server.waitForEvents(3, { timeoutMs: 2_000 });
 * ```
 */
export interface WaitOptions {
  /** Reject when the count is not reached within this time. @defaultValue `5000` */
  readonly timeoutMs?: number;
  /** Reject when this signal aborts. */
  readonly signal?: AbortSignal;
}
