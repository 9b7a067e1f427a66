/**
 * The retry policy of the contract, in one place. `isRetryable` is the one function that
 * decides whether a failed attempt is retried: network errors, timeouts, 408, 429 and every
 * 5xx; never another 4xx (413 included), never an abort. The rest are the pieces ky needs:
 * the exponential delay, a jitter that only ever adds (ky's `jitter: true` is full jitter,
 * which can wait less than d), and the `Retry-After` floor, which ky cannot express (ky
 * lets `Retry-After` replace the backoff rather than floor it, and waits `maxRetryAfter`
 * when the header is malformed), so `transport.ts` adds it in one `beforeRetry` hook.
 */

import { HTTPError, type RetryOptions, TimeoutError } from "ky";
import type { PostHogError } from "../errors/posthog-error.ts";
import type { RetryPolicy } from "./options.ts";

/**
 * Whether an HTTP status is worth another attempt: 408, 429 and every 5xx.
 *
 * @param status - An HTTP status.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The one decision on retrying: whether the failure of an attempt deserves another.
 *
 * @param error - What ky caught for the attempt: an `HTTPError`, a `TimeoutError`, the
 * `TypeError` fetch rejects with on a network failure, or anything else (an abort reason,
 * a bug), which is never retried.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof HTTPError) return isRetryableStatus(error.response.status);
  if (error instanceof TimeoutError) return true;
  // fetch rejects with a TypeError for network errors (refused, reset, DNS…).
  return error instanceof TypeError;
}

/** Every retryable status, for ky's `statusCodes` (derived from {@link isRetryableStatus}). */
const RETRYABLE_STATUS_CODES: readonly number[] = Array.from(
  { length: 200 },
  (_, i) => 400 + i,
).filter(isRetryableStatus);

/**
 * d of the n-th retry: `baseDelayMs`·2^(n−1).
 *
 * @param retry - 1 for the first retry.
 * @param baseDelayMs - d of the first retry.
 */
export function backoffDelay(retry: number, baseDelayMs: number): number {
  return baseDelayMs * 2 ** (retry - 1);
}

/**
 * d plus a random jitter of up to d/4: never less than d.
 *
 * @param delay - d, in ms.
 * @param random - A source of numbers in [0, 1). @defaultValue `Math.random`
 */
export function addJitter(delay: number, random: () => number = Math.random): number {
  return delay + random() * (delay / 4);
}

/**
 * Reads a `Retry-After` header: seconds, or an HTTP date.
 *
 * @param value - The header's value.
 * @param now - The current time in ms. @defaultValue `Date.now()`
 * @returns The wait it asks for in ms (0 for a date in the past), or `undefined` when the
 * header is absent or malformed.
 * @example
 * ```ts
 * parseRetryAfter("2"); // 2000
 * parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"); // 0 (in the past)
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The floor a failure sets on the next wait: its `Retry-After`, capped at
 * `maxRetryAfterMs`; 0 when there is none.
 *
 * @param error - The failure of the attempt.
 * @param maxRetryAfterMs - The cap.
 * @param failedAt - When the attempt failed, in ms: an HTTP date is counted from then, so that
 * the wait ends at that date however late the header is read. @defaultValue `Date.now()`
 */
export function retryAfterFloor(
  error: unknown,
  maxRetryAfterMs: number,
  failedAt = Date.now(),
): number {
  if (!(error instanceof HTTPError)) return 0;
  const wait = parseRetryAfter(error.response.headers.get("retry-after"), failedAt);
  return wait === undefined ? 0 : Math.min(wait, maxRetryAfterMs);
}

/**
 * ky's retry options for a policy. Every method is retried (ingestion is POST); the
 * decision is {@link isRetryable}'s: its `shouldRetry` vetoes what it refuses, and lets
 * ky's own checks (`statusCodes`, `retryOnTimeout`, derived from the same rule) agree with
 * the rest. `afterStatusCodes` is empty: the `Retry-After` floor is added by a hook.
 *
 * @param policy - The resolved policy.
 * @param onDecision - Told about each failure ky consults the policy on, before its wait.
 */
export function kyRetryOptions(
  policy: Required<RetryPolicy>,
  onDecision: (error: unknown, retry: boolean) => void,
): RetryOptions {
  return {
    limit: policy.limit,
    methods: ["get", "post", "put", "patch", "delete", "head", "options"],
    statusCodes: [...RETRYABLE_STATUS_CODES],
    afterStatusCodes: [],
    retryOnTimeout: true,
    delay: (retry) => backoffDelay(retry, policy.baseDelayMs),
    jitter: (delay) => addJitter(delay),
    backoffLimit: policy.maxDelayMs,
    shouldRetry: ({ error }) => {
      const retry = isRetryable(error);
      onDecision(error, retry);
      return retry ? undefined : false;
    },
  };
}

/**
 * Whether a final `PostHogError` came from a transient failure, one the policy retried
 * (a network error, a timeout, 408, 429, a 5xx), so trying the same request later may
 * succeed; `false` for an abort, an invalid request, and every other kind. Derived from
 * {@link isRetryableStatus}, the same rule.
 *
 * @param error - The error of a call.
 * @example
 * ```ts
 * if (!sent.ok && isTransientPostHogError(sent.error)) keepForLater(batch);
 * ```
 */
export function isTransientPostHogError(error: PostHogError): boolean {
  if (error.kind === "api") return isRetryableStatus(error.status);
  return error.kind === "request" && error.reason !== "abort";
}
