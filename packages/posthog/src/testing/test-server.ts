/**
 * The `TestServer` interface: what `startTestServer` hands a test. It is the whole public
 * surface of a running server: its address, what it recorded, the faults and scripted
 * answers it applies, and its lifecycle.
 */

import type { FaultPlan } from "./fault-types.ts";
import type { FlagDefinitions, FlagsScript, PrivateApiRoute } from "./script-types.ts";
import type {
  CapturedEvent,
  RecordedRequest,
  RouteKind,
  ServerStats,
  WaitOptions,
} from "./types.ts";

/**
 * A running PostHog-compatible test server.
 *
 * @example
 * ```ts
 * const server = await startTestServer();
 * try {
 *   server.setFaults({ kind: "sequence", steps: [503, 200] });
 *   // … point the client under test at server.url, capture one event …
 *   const [event] = await server.waitForEvents(1);
 *   expect(server.requests.map((r) => r.status)).toEqual([503, 200]);
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export interface TestServer {
  /** Base URL, e.g. `http://127.0.0.1:53127` (no trailing slash). */
  readonly url: string;
  /** The port listened on (kept while `unreachable()`). */
  readonly port: number;
  /** Every accepted event in arrival order (a live array: read it, do not mutate it). */
  readonly events: readonly CapturedEvent[];
  /** Every request in arrival order (a live array; control routes excluded). */
  readonly requests: readonly RecordedRequest[];

  /**
   * The requests of one route.
   * @example
   * ```ts
   * const flagCalls = server.requestsTo("flags");
   * ```
   */
  requestsTo(route: RouteKind): readonly RecordedRequest[];
  /**
   * The `uuid` of every accepted event, in arrival order (events without one are skipped).
   * @example
   * ```ts
   * expect(new Set(server.uuids()).size).toBe(server.events.length); // no duplicate
   * ```
   */
  uuids(): string[];
  /**
   * Accepted events by `uuid`; a uuid delivered twice keeps every copy.
   * @example
   * ```ts
   * expect(server.eventsByUuid().get(uuid)).toHaveLength(1);
   * ```
   */
  eventsByUuid(): Map<string, CapturedEvent[]>;
  /**
   * Resolves with `events` once at least `n` events have been accepted (at once if they
   * already were); rejects after `timeoutMs` (default 5000) saying how many arrived.
   * @example
   * ```ts
   * const events = await server.waitForEvents(10, { timeoutMs: 2_000 });
   * ```
   */
  waitForEvents(n: number, options?: WaitOptions): Promise<readonly CapturedEvent[]>;
  /**
   * Resolves with `requests` once at least `n` requests have been received (any route).
   * @example
   * ```ts
   * await server.waitForRequests(3); // e.g. two failures and a retry
   * ```
   */
  waitForRequests(n: number, options?: WaitOptions): Promise<readonly RecordedRequest[]>;
  /**
   * Counters since start or the last `reset()`.
   * @example
   * ```ts
   * expect(server.stats().statuses[503]).toBe(2);
   * ```
   */
  stats(): ServerStats;

  /**
   * Replaces the armed fault plans (see {@link FaultPlan}).
   * @example
   * ```ts
   * server.setFaults({ kind: "sequence", steps: [503, 503, { kind: "status", status: 429, retryAfter: 1 }, 200] });
   * ```
   */
  setFaults(plans: FaultPlan | readonly FaultPlan[]): void;
  /**
   * Arms more fault plans after the current ones.
   * @example
   * ```ts
   * server.addFaults({ kind: "always", route: "flags", fault: { kind: "delay", ms: 5_000 } });
   * ```
   */
  addFaults(plans: FaultPlan | readonly FaultPlan[]): void;
  /**
   * Disarms every fault plan (outages included). Does not undo `unreachable()`.
   * @example
   * ```ts
   * server.clearFaults();
   * ```
   */
  clearFaults(): void;
  /**
   * Makes the server unreachable: closes the listener and every connection, so clients get
   * `ECONNREFUSED`, while keeping what was recorded and the port. Resolves once closed.
   * With `durationMs` it listens again by itself after that time.
   * @example
   * ```ts
   * await server.unreachable();
   * // … the client fails and retries …
   * await server.reachable();
   * ```
   */
  unreachable(options?: { readonly durationMs?: number }): Promise<void>;
  /**
   * Listens again on the same port after `unreachable()`; resolves when listening.
   * @example
   * ```ts
   * await server.reachable();
   * ```
   */
  reachable(): Promise<void>;
  /** Whether the server is currently listening. */
  readonly listening: boolean;

  /**
   * Sets the answers of `POST /flags`.
   * @example
   * ```ts
   * server.setFlags({ flags: { beta: true, checkout: { variant: "test", payload: { color: "blue" } } } });
   * ```
   */
  setFlags(script: FlagsScript): void;
  /**
   * Sets the answer of `GET /flags/definitions` (ETag follows the content).
   * @example
   * ```ts
   * server.setFlagDefinitions({ flags: [{ id: 1, key: "beta", active: true, filters: {} }] });
   * ```
   */
  setFlagDefinitions(definitions: FlagDefinitions): void;
  /**
   * Scripts a private-API answer (the most recent matching route wins).
   * @example
   * ```ts
   * server.onPrivateApi({ method: "POST", path: "/api/projects/1/annotations/", answer: { status: 201, body: { id: 5 } } });
   * ```
   */
  onPrivateApi(route: PrivateApiRoute): void;

  /**
   * Forgets the recorded requests, events and counters; keeps faults and scripts.
   * @example
   * ```ts
   * server.clearRecords();
   * ```
   */
  clearRecords(): void;
  /**
   * Back to a fresh server: records, faults, flag answers, definitions and private-API
   * scripts cleared (the options given at start are not re-applied). Reachability is kept.
   * @example
   * ```ts
   * afterEach(() => server.reset());
   * ```
   */
  reset(): void;
  /**
   * Closes the listener and every connection (pending delayed answers are dropped, pending
   * waits rejected) and resolves when all are closed; nothing is left to keep the process
   * alive. Calling it again resolves at once.
   * @example
   * ```ts
   * afterAll(() => server.close());
   * ```
   */
  close(): Promise<void>;
}
