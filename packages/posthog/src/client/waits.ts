/**
 * Waiting with a deadline or a signal, shared by the client's transport and the V1 capture
 * sender: a sleep that an abort ends at once, a body read that gives up after a deadline
 * (ky's own timeout stops at the headers), and the wait up to the `Retry-After` floor,
 * which ky cannot express, so each `beforeRetry` hook adds it to ky's backoff.
 */

import { retryAfterFloor } from "./retry-policy.ts";

/**
 * Reads a body, giving up after `ms`: `undefined` then, and the body is cancelled.
 *
 * @param response - The answer whose body to read (it is consumed).
 * @param ms - The deadline, from now.
 * @returns The bytes of the body (empty when it has none), or `undefined` past the deadline.
 * @example
 * ```ts
 * const bytes = await readBodyWithin(response, 10_000);
 * if (bytes === undefined) throw new TimeoutError(request);
 * ```
 */
export async function readBodyWithin(
  response: Response,
  ms: number,
): Promise<Uint8Array | undefined> {
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"expired">((resolve) => {
    timer = setTimeout(() => resolve("expired"), ms);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), expired]);
      if (next === "expired") {
        reader.cancel().catch(() => {});
        return undefined;
      }
      if (next.done) break;
      chunks.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks);
}

/**
 * Waits until the `Retry-After` floor of a failed attempt has passed since it failed (no
 * wait when ky's backoff already waited longer, or there is no floor).
 *
 * @param error - What ky caught for the attempt; only an `HTTPError` carries `Retry-After`.
 * @param maxRetryAfterMs - The cap on the header's wait.
 * @param failedAt - When the attempt failed, `Date.now()` milliseconds.
 * @param signal - Ends the wait at once when it aborts (the promise rejects with its reason).
 * @example
 * ```ts
 * beforeRetry: [async ({ error }) => waitForRetryAfter(error, 60_000, failedAt, signal)],
 * ```
 */
export async function waitForRetryAfter(
  error: unknown,
  maxRetryAfterMs: number,
  failedAt: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const floor = retryAfterFloor(error, maxRetryAfterMs, failedAt);
  const waited = Date.now() - failedAt;
  if (floor > waited) await sleep(floor - waited, signal);
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
