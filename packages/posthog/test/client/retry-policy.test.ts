import { HTTPError, TimeoutError } from "ky";
import { describe, expect, it } from "vitest";
import {
  addJitter,
  backoffDelay,
  isRetryable,
  isRetryableStatus,
  isTransientPostHogError,
  parseRetryAfter,
  retryAfterFloor,
} from "../../src/client/retry-policy.ts";
import { PostHogError } from "./exports.ts";

const request = new Request("http://127.0.0.1/batch/", { method: "POST" });

function httpError(status: number, headers: Record<string, string> = {}): HTTPError {
  return new HTTPError(new Response(null, { status, headers }), request, {} as never);
}

describe("the retry policy", () => {
  it("retries 408, 429 and every 5xx, and no other status", () => {
    const retried = Array.from({ length: 500 }, (_, i) => 100 + i).filter(isRetryableStatus);
    expect(retried).toEqual([408, 429, ...Array.from({ length: 100 }, (_, i) => 500 + i)]);
  });

  it("decides in one place: statuses, timeouts and network errors yes; aborts and bugs no", () => {
    expect(isRetryable(httpError(503))).toBe(true);
    expect(isRetryable(httpError(413, { "retry-after": "1" }))).toBe(false);
    expect(isRetryable(new TimeoutError(request))).toBe(true);
    expect(isRetryable(new TypeError("fetch failed"))).toBe(true);
    expect(isRetryable(new DOMException("aborted", "AbortError"))).toBe(false);
    expect(isRetryable(new RangeError("bug"))).toBe(false);
  });

  it("doubles d from the base and only ever adds up to d/4 of jitter", () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, 100))).toEqual([100, 200, 400, 800, 1600]);
    expect(addJitter(100, () => 0)).toBe(100);
    expect(addJitter(100, () => 0.999_999)).toBeCloseTo(125, 3);
    for (let i = 0; i < 1000; i++) {
      const delay = addJitter(400);
      expect(delay).toBeGreaterThanOrEqual(400);
      expect(delay).toBeLessThanOrEqual(500);
    }
  });

  it("reads Retry-After in seconds or as an HTTP date, and ignores anything else", () => {
    const now = Date.parse("2024-05-01T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter(" 0.5 ", now)).toBe(500);
    expect(parseRetryAfter("Wed, 01 May 2024 10:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Wed, 01 May 2024 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("-1", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it("caps the Retry-After floor, and has none without the header", () => {
    expect(retryAfterFloor(httpError(429, { "retry-after": "120" }), 60_000)).toBe(60_000);
    expect(retryAfterFloor(httpError(503, { "retry-after": "2" }), 60_000)).toBe(2000);
    expect(retryAfterFloor(httpError(503), 60_000)).toBe(0);
    expect(retryAfterFloor(new TypeError("fetch failed"), 60_000)).toBe(0);
  });

  it("tells transient final errors from the others", () => {
    const api = (status: number) =>
      new PostHogError("api", { status, body: undefined, code: undefined, detail: undefined });
    expect(isTransientPostHogError(api(503))).toBe(true);
    expect(isTransientPostHogError(api(400))).toBe(false);
    expect(isTransientPostHogError(new PostHogError("request", { reason: "timeout" }))).toBe(true);
    expect(isTransientPostHogError(new PostHogError("request", { reason: "abort" }))).toBe(false);
    expect(
      isTransientPostHogError(new PostHogError("serialization", { direction: "request" })),
    ).toBe(false);
  });
});
