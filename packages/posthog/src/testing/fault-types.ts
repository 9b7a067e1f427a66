/**
 * The fault vocabulary of the test server, as discriminated unions. A {@link Fault} shapes
 * the answer to one request; a {@link FaultPlan} says which requests get which faults: a
 * sequence consumed one request at a time, the same fault for every request, or an outage
 * window. `faults.ts` holds the logic that applies them.
 */

import type { RouteKind } from "./types.ts";

/**
 * Which requests a fault plan applies to: a {@link RouteKind}, `"ingestion"` (the three
 * capture routes), `"any"`, an exact path (a trailing slash is ignored), a `RegExp` tested
 * on the path, or an object that also names the method.
 *
 * @example
 * ```ts
 * server.setFaults({ kind: "sequence", route: "flags", steps: [500, 200] });
 * server.setFaults({ kind: "always", route: /^\/api\/projects\//, fault: { kind: "reset" } });
 * server.setFaults({ kind: "always", route: { method: "GET", path: "/flags/definitions" }, fault: { kind: "status", status: 500 } });
 * ```
 */
export type RouteSelector =
  | RouteKind
  | "ingestion"
  | "any"
  | string
  | RegExp
  | { readonly method?: string; readonly path?: string | RegExp; readonly route?: RouteKind };

/**
 * A `Retry-After` value: seconds (an integer is sent as is) or a `Date` (sent as an HTTP date).
 *
 * @example
 * ```ts
 * const wait: RetryAfter = 2;
 * const until: RetryAfter = new Date(Date.now() + 2_000);
 * ```
 */
export type RetryAfter = number | Date;

/**
 * One result of a V1 partial answer: `"ok"`, `"retry"` (the client should resend that
 * event), `"drop"` or `"limited"`, or a full `{ result, details }` entry (any string, for
 * forward-compatibility tests).
 *
 * @example
 * ```ts
 * const results: V1EventResult[] = ["ok", "retry", { result: "drop", details: "invalid_event" }];
 * ```
 */
export type V1EventResult =
  | "ok"
  | "retry"
  | "drop"
  | "limited"
  | { readonly result: string; readonly details?: string };

/**
 * How the server answers one request.
 *
 * - `pass`: answer normally (validate, accept the events, 200).
 * - `status`: answer this status without looking at the body (no event accepted), with an
 *   optional `Retry-After`, extra headers and a body (by default PostHog's error shape for
 *   the route; a value is sent as JSON, except a `Buffer`, or a string when `headers` set a
 *   non-JSON `content-type`, which are sent as they are). On the V1 route, 408/500/503/504
 *   carry `Retry-After: 1` unless set.
 * - `delay`: wait `ms`, then answer as `answer` says (default `pass`). If the client gives up
 *   first (its timeout), nothing is accepted.
 * - `reset`: destroy the connection once the body is read (the client sees a socket error).
 * - `slow-body`: answer as `answer` says (default `pass`), but send the response body
 *   `chunkBytes` at a time every `intervalMs` (headers go out at once). Events are accepted
 *   when the answer starts.
 * - `partial`: the V1 route's 200 partial answer: one result per event of the batch, in
 *   order (missing ones are `"ok"`); events with `"ok"` or `"limited"` are accepted; a
 *   `"retry"` adds `Retry-After` (default `1`). On other routes it acts as `pass`.
 *
 * @example
 * ```ts
 * const faults: Fault[] = [
 *   { kind: "status", status: 429, retryAfter: 2 },
 *   { kind: "delay", ms: 15_000 },
 *   { kind: "reset" },
 *   { kind: "slow-body", intervalMs: 100 },
 *   { kind: "partial", results: ["ok", "retry"] },
 * ];
 * ```
 */
export type Fault =
  | { readonly kind: "pass" }
  | {
      readonly kind: "status";
      readonly status: number;
      readonly retryAfter?: RetryAfter;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: unknown;
    }
  | { readonly kind: "delay"; readonly ms: number; readonly answer?: Fault }
  | { readonly kind: "reset" }
  | {
      readonly kind: "slow-body";
      readonly intervalMs: number;
      readonly chunkBytes?: number;
      readonly answer?: Fault;
    }
  | {
      readonly kind: "partial";
      readonly results: readonly V1EventResult[];
      readonly retryAfter?: RetryAfter;
    };

/**
 * One step of a sequence: a {@link Fault}, or a bare status where `200` means `pass` (the
 * request is handled normally) and any other number means `{ kind: "status", status }`.
 *
 * @example
 * ```ts
 * const steps: FaultStep[] = [503, 503, { kind: "status", status: 429, retryAfter: 1 }, 200];
 * ```
 */
export type FaultStep = number | Fault;

/**
 * Which requests get which faults. `route` defaults to `"ingestion"`.
 *
 * - `sequence`: each matching request takes the next step; once used up, requests are
 *   handled normally (or by the next plan that matches).
 * - `always`: every matching request gets `fault` (until `clearFaults()`).
 * - `outage`: from now, every matching request is answered `status` (default 503), for
 *   `durationMs` or until `clearFaults()`; it wins over the other plans.
 *
 * Plans are consulted in this order: outages, then sequences and `always` plans in the
 * order they were set. For "the server is unreachable" see `TestServer.unreachable()`.
 *
 * @example
 * ```ts
 * server.setFaults([
 *   { kind: "sequence", steps: [503, 503, { kind: "status", status: 429, retryAfter: 1 }, 200] },
 *   { kind: "outage", route: "flags", status: 502, durationMs: 1_000 },
 * ]);
 * ```
 */
export type FaultPlan =
  | {
      readonly kind: "sequence";
      readonly steps: readonly FaultStep[];
      readonly route?: RouteSelector;
    }
  | { readonly kind: "always"; readonly fault: FaultStep; readonly route?: RouteSelector }
  | {
      readonly kind: "outage";
      readonly status?: number;
      readonly durationMs?: number;
      readonly retryAfter?: RetryAfter;
      readonly route?: RouteSelector;
    };
