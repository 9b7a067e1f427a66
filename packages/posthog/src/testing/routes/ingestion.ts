/**
 * The classic capture routes (`/batch/`, `/e/`, `/i/v0/e/`, `/capture/`, `/track/`, and the
 * AI route `/i/v0/ai/batch/`), validated as PostHog's capture service does: a body of
 * `{ api_key | token, batch, sent_at, historical_migration }`, a bare array or one event;
 * 400 for bad JSON, an empty batch, an event without `event` or `distinct_id`; 401 with no
 * token anywhere; 413 for a body or an event over the limits; else 200 `{"status":"Ok"}`.
 */

import { type Answer, errorAnswer, type RouteContext } from "../answer.ts";
import type { CapturedEvent } from "../types.ts";

/**
 * Handles a classic capture request.
 *
 * @param context - the recorded request and its decoded body
 * @returns the answer, with the events to accept on success
 * @example
 * ```ts
 * const answer = handleCapture(context); // { status: 200, body: { status: "Ok" }, accept: [...] }
 * ```
 * @internal
 */
export function handleCapture(context: RouteContext): Answer {
  const { decoded, request } = context;
  if (!decoded.isOk()) {
    return decoded.error.kind === "too-large"
      ? errorAnswer(413, "validation_error", "payload_too_large", decoded.error.detail)
      : errorAnswer(400, "validation_error", "invalid_payload", decoded.error.detail);
  }
  const body = decoded.value.json;
  const parsed = eventsOf(body);
  if (typeof parsed === "string") {
    return errorAnswer(400, "validation_error", "invalid_payload", parsed);
  }
  if (parsed.events.length === 0) {
    return errorAnswer(400, "validation_error", "empty_batch", "request holds no event", "batch");
  }
  const bodyToken = parsed.token ?? request.query.api_key ?? request.query.token;
  for (const [index, item] of parsed.events.entries()) {
    const attr = parsed.wrapped ? `batch[${index}]` : parsed.events.length > 1 ? `[${index}]` : "";
    const problem = checkEvent(item, bodyToken, context.maxEventBytes, attr);
    if (problem !== undefined) return problem;
  }
  const accepted = parsed.events as CapturedEvent[];
  if (request.query.beacon === "1") return { status: 204, accept: accepted };
  return { status: 200, body: { status: "Ok" }, accept: accepted };
}

interface ParsedBody {
  readonly events: readonly unknown[];
  readonly token: string | undefined;
  readonly wrapped: boolean;
}

/** The events of a body in any of the accepted shapes, or the reason it has none. */
function eventsOf(body: unknown): ParsedBody | string {
  if (body === undefined) return "request has no body";
  if (Array.isArray(body)) return { events: body, token: undefined, wrapped: false };
  if (!isObject(body)) return "body must be a JSON object or array";
  const token = stringField(body, "api_key") ?? stringField(body, "token");
  if ("batch" in body) {
    if (!Array.isArray(body.batch)) return "batch must be an array";
    return { events: body.batch, token, wrapped: true };
  }
  if ("data" in body && Array.isArray(body.data)) {
    return { events: body.data, token, wrapped: false };
  }
  return { events: [body], token: undefined, wrapped: false };
}

function checkEvent(
  item: unknown,
  bodyToken: string | undefined,
  maxEventBytes: number,
  attr: string,
): Answer | undefined {
  const at = (field: string) => (attr === "" ? field : `${attr}.${field}`);
  if (!isObject(item)) {
    return errorAnswer(400, "validation_error", "invalid_event", "event must be an object", attr);
  }
  const name = item.event;
  if (typeof name !== "string" || name === "") {
    return errorAnswer(
      400,
      "validation_error",
      "missing_event_name",
      "event submitted without an event field",
      at("event"),
    );
  }
  if (distinctIdOf(item) === undefined) {
    return errorAnswer(
      400,
      "validation_error",
      "missing_distinct_id",
      "event submitted without a distinct_id",
      at("distinct_id"),
    );
  }
  if (bodyToken === undefined && eventToken(item) === undefined) {
    return errorAnswer(
      401,
      "authentication_error",
      "no_token",
      "API key not provided: set api_key or token in the body",
      "api_key",
    );
  }
  const size = Buffer.byteLength(JSON.stringify(item));
  if (size > maxEventBytes) {
    return errorAnswer(
      413,
      "validation_error",
      "event_too_big",
      `event submitted is too big: ${size} bytes, the limit is ${maxEventBytes}`,
      attr === "" ? null : attr,
    );
  }
  return undefined;
}

/** `distinct_id` at the root or in `properties` (`distinct_id`, `$distinct_id`). */
function distinctIdOf(item: Readonly<Record<string, unknown>>): string | undefined {
  const properties = isObject(item.properties) ? item.properties : {};
  for (const candidate of [
    item.distinct_id,
    item.$distinct_id,
    properties.distinct_id,
    properties.$distinct_id,
  ]) {
    if (typeof candidate === "string" && candidate !== "") return candidate;
    if (typeof candidate === "number" && Number.isFinite(candidate)) return String(candidate);
  }
  return undefined;
}

function eventToken(item: Readonly<Record<string, unknown>>): string | undefined {
  const properties = isObject(item.properties) ? item.properties : {};
  return (
    stringField(item, "api_key") ??
    stringField(item, "token") ??
    stringField(properties, "token") ??
    stringField(properties, "$token")
  );
}

function stringField(object: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Whether a value is a plain JSON object.
 *
 * @example
 * ```ts
 * isObject({}); // true
 * ```
 * @internal
 */
export function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
