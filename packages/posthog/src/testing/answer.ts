/**
 * The answer a route computes (status, headers, JSON body, events to accept) and the
 * request context it computes it from, with PostHog's error body shape
 * `{ type, code, detail, attr }`. Routes are functions from context to answer; the server
 * sends the answer (perhaps shaped by a fault) and commits the accepted events.
 */

import type { Result } from "typescript-result";
import type { DecodedBody, DecodeError } from "./decode-body.ts";
import type { MutableRequest } from "./recorder.ts";
import type { CapturedEvent } from "./types.ts";

/** @internal */
export interface Answer {
  readonly status: number;
  /** A JSON value; `undefined` sends an empty body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Events accepted if (and when) this answer is sent. */
  readonly accept?: readonly CapturedEvent[];
}

/** What a route sees of a request. @internal */
export interface RouteContext {
  readonly request: MutableRequest;
  /** The decoded body; an error when decoding failed or the body was too large. */
  readonly decoded: Result<DecodedBody, DecodeError>;
  readonly maxRequestBytes: number;
  readonly maxEventBytes: number;
}

/**
 * PostHog's API error body as an answer.
 *
 * @example
 * ```ts
 * errorAnswer(400, "validation_error", "invalid_payload", "body is not valid JSON");
 * ```
 * @internal
 */
export function errorAnswer(
  status: number,
  type: string,
  code: string,
  detail: string,
  attr: string | null = null,
): Answer {
  return { status, body: { type, code, detail, attr } };
}

/**
 * The error type and code PostHog would use for a status, for scripted faults.
 *
 * @example
 * ```ts
 * defaultErrorFor(429); // { type: "throttled_error", code: "throttled" }
 * ```
 * @internal
 */
export function defaultErrorFor(status: number): { type: string; code: string } {
  if (status === 401) return { type: "authentication_error", code: "not_authenticated" };
  if (status === 403) return { type: "authentication_error", code: "permission_denied" };
  if (status === 404) return { type: "invalid_request", code: "not_found" };
  if (status === 413) return { type: "validation_error", code: "payload_too_large" };
  if (status === 429) return { type: "throttled_error", code: "throttled" };
  if (status >= 500) return { type: "server_error", code: "server_error" };
  return { type: "validation_error", code: "invalid_input" };
}
