/**
 * The V1 capture route `POST /i/v1/analytics/events`, as PostHog's SDK test harness
 * describes it: the token in `Authorization: Bearer`, a JSON body
 * `{ created_at, batch: [{ event, uuid, distinct_id, timestamp, properties, options }],
 * historical_migration? }`, and a 200 answer `{ results: { <uuid>: { result, details? } } }`
 * that may name events to retry (`Retry-After`) or dropped. Errors have the V1 body
 * `{ error, error_description, error_uri }`; the request's `PostHog-Request-Id` is echoed.
 */

import type { Answer, RouteContext } from "../answer.ts";
import type { RetryAfter, V1EventResult } from "../fault-types.ts";
import { formatRetryAfter } from "../faults.ts";
import type { CapturedEvent } from "../types.ts";
import { isObject } from "./ingestion.ts";

const ERROR_TAGS: Readonly<Record<number, string>> = {
  400: "request_parsing_error",
  401: "missing_authorization",
  402: "billing_limit_exceeded",
  408: "body_read_timeout",
  413: "payload_too_large",
  415: "unsupported_content_type",
  429: "rate_limited",
  500: "internal_error",
  503: "service_unavailable",
  504: "gateway_timeout",
};

/** Statuses the V1 protocol marks retryable; their answers carry `Retry-After` by default. */
const RETRYABLE: ReadonlySet<number> = new Set([408, 500, 503, 504]);

const REQUIRED_FIELDS = ["event", "uuid", "distinct_id", "timestamp"] as const;

/** A scripted partial answer. @internal */
export interface PartialScript {
  readonly results: readonly V1EventResult[];
  readonly retryAfter?: RetryAfter;
}

/**
 * Handles a V1 capture request.
 *
 * @param context - the recorded request and its decoded body
 * @param partial - a scripted per-event answer, if a `partial` fault applies
 * @example
 * ```ts
 * handleCaptureV1(context); // { status: 200, body: { results: { "<uuid>": { result: "ok" } } }, accept }
 * ```
 * @internal
 */
export function handleCaptureV1(context: RouteContext, partial?: PartialScript): Answer {
  const { request, decoded } = context;
  const auth = headerOf(request.headers.authorization);
  if (!/^bearer\s+\S+/i.test(auth)) {
    return v1ErrorAnswer(401, request.headers, "Authorization: Bearer <token> is required");
  }
  const contentType = headerOf(request.headers["content-type"]).toLowerCase();
  if (!contentType.startsWith("application/json")) {
    return v1ErrorAnswer(415, request.headers, `Content-Type must be application/json`);
  }
  if (!decoded.isOk()) {
    const status = decoded.error.kind === "too-large" ? 413 : 400;
    return v1ErrorAnswer(status, request.headers, decoded.error.detail);
  }
  const body = decoded.value.json;
  if (!isObject(body)) return v1ErrorAnswer(400, request.headers, "body must be a JSON object");
  if (typeof body.created_at !== "string") {
    return v1ErrorAnswer(400, request.headers, "created_at is required");
  }
  const batch = body.batch;
  if (!Array.isArray(batch) || batch.length === 0) {
    return v1ErrorAnswer(400, request.headers, "batch must be a non-empty array");
  }
  for (const [index, item] of batch.entries()) {
    if (!isObject(item)) {
      return v1ErrorAnswer(400, request.headers, `batch[${index}] must be an object`);
    }
    const missing = REQUIRED_FIELDS.filter((field) => typeof item[field] !== "string");
    if (missing.length > 0) {
      return v1ErrorAnswer(
        400,
        request.headers,
        `batch[${index}] is missing ${missing.join(", ")}`,
      );
    }
    const size = Buffer.byteLength(JSON.stringify(item));
    if (size > context.maxEventBytes) {
      return v1ErrorAnswer(413, request.headers, `batch[${index}] is ${size} bytes`);
    }
  }
  return resultsAnswer(batch as CapturedEvent[], request.headers, partial);
}

function resultsAnswer(
  events: readonly CapturedEvent[],
  requestHeaders: Readonly<Record<string, string | string[] | undefined>>,
  partial: PartialScript | undefined,
): Answer {
  const results: Record<string, { result: string; details?: string }> = {};
  const accept: CapturedEvent[] = [];
  let retry = false;
  for (const [index, event] of events.entries()) {
    const entry = resultEntry(partial?.results[index] ?? "ok");
    if (entry.result === "retry") retry = true;
    if (entry.result === "ok" || entry.result === "limited") accept.push(event);
    results[String(event.uuid)] = entry;
  }
  const headers: Record<string, string> = echoHeaders(requestHeaders);
  if (retry) headers["retry-after"] = formatRetryAfter(partial?.retryAfter ?? 1);
  return { status: 200, body: { results }, headers, accept };
}

function resultEntry(value: V1EventResult): { result: string; details?: string } {
  if (typeof value !== "string") return { ...value };
  if (value === "retry") return { result: value, details: "not_persisted" };
  if (value === "drop") return { result: value, details: "invalid_event" };
  if (value === "limited") return { result: value, details: "person_processing_disabled" };
  return { result: value };
}

/**
 * A V1 error answer: `{ error, error_description, error_uri }`, the request id echoed, and
 * `Retry-After: 1` on the retryable statuses (408, 500, 503, 504) unless `retryAfter` says.
 *
 * @example
 * ```ts
 * v1ErrorAnswer(503, request.headers, "scripted fault");
 * ```
 * @internal
 */
export function v1ErrorAnswer(
  status: number,
  requestHeaders: Readonly<Record<string, string | string[] | undefined>>,
  description: string,
  retryAfter?: RetryAfter,
): Answer {
  const headers = echoHeaders(requestHeaders);
  if (retryAfter !== undefined) headers["retry-after"] = formatRetryAfter(retryAfter);
  else if (RETRYABLE.has(status)) headers["retry-after"] = "1";
  const body = {
    error: ERROR_TAGS[status] ?? (status >= 500 ? "server_error" : "client_error"),
    error_description: description,
    error_uri: "https://posthog.com/docs/api",
  };
  return { status, body, headers };
}

/**
 * Headers every V1 answer carries: the request's `PostHog-Request-Id`, echoed.
 *
 * @example
 * ```ts
 * echoHeaders({ "posthog-request-id": "1b4e…" }); // { "posthog-request-id": "1b4e…" }
 * ```
 * @internal
 */
export function echoHeaders(
  requestHeaders: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const id = headerOf(requestHeaders["posthog-request-id"]);
  return id === "" ? {} : { "posthog-request-id": id };
}

function headerOf(value: string | string[] | undefined): string {
  return Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
}
