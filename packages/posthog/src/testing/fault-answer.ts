/**
 * The answer of a `status` fault, in the body shape of the route it hits: PostHog's
 * `{ type, code, detail, attr }` on most routes, the V1 error body (with its default
 * `Retry-After` on retryable statuses and the request id echoed) on the V1 capture route.
 * A scripted `body` or `headers` overrides the defaults.
 */

import { type Answer, defaultErrorFor, errorAnswer } from "./answer.ts";
import type { Fault } from "./fault-types.ts";
import { formatRetryAfter } from "./faults.ts";
import type { MutableRequest } from "./recorder.ts";
import { v1ErrorAnswer } from "./routes/capture-v1.ts";

/**
 * Builds the answer of a `status` fault for a request.
 *
 * @example
 * ```ts
 * statusAnswer({ kind: "status", status: 429, retryAfter: 2 }, request);
 * ```
 * @internal
 */
export function statusAnswer(
  fault: Extract<Fault, { kind: "status" }>,
  request: MutableRequest,
): Answer {
  const { status } = fault;
  const detail = `scripted fault: status ${status}`;
  let base: Answer;
  if (status < 300) {
    base = { status };
  } else if (request.route === "capture-v1") {
    base = v1ErrorAnswer(status, request.headers, detail, fault.retryAfter);
  } else {
    const { type, code } = defaultErrorFor(status);
    base = errorAnswer(status, type, code, detail);
  }
  const headers: Record<string, string> = { ...base.headers };
  if (fault.retryAfter !== undefined) headers["retry-after"] = formatRetryAfter(fault.retryAfter);
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  return { status, headers, body: fault.body === undefined ? base.body : fault.body };
}
