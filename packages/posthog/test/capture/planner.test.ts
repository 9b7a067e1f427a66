import { Result } from "typescript-result";
import { describe, expect, it } from "vitest";
import { planDelivery } from "../../src/capture/planner.ts";
import { PostHogError } from "../../src/errors/posthog-error.ts";

function api(status: number, detail?: string, code?: string) {
  return Result.error(new PostHogError("api", { status, body: undefined, code, detail }));
}

describe("planDelivery", () => {
  it("marks a success delivered", () => {
    expect(planDelivery(3, Result.ok()).kind).toBe("delivered");
  });

  it("splits a 413 on many events and rejects a single event as too large", () => {
    expect(planDelivery(2, api(413))).toEqual({ kind: "split", why: "too-large" });
    expect(planDelivery(1, api(413))).toMatchObject({ kind: "reject", reason: "event-too-large" });
  });

  it("splits a 400 on many events and rejects a single event with PostHog's reason", () => {
    expect(planDelivery(5, api(400))).toEqual({ kind: "split", why: "bad-request" });
    expect(planDelivery(1, api(400, "Invalid distinct_id", "invalid_payload"))).toMatchObject({
      kind: "reject",
      reason: "Invalid distinct_id",
    });
    expect(planDelivery(1, api(400, undefined, "invalid_payload"))).toMatchObject({
      reason: "invalid_payload",
    });
  });

  it("rejects 401 and 403 as they are, without splitting", () => {
    expect(planDelivery(50, api(401))).toMatchObject({ kind: "reject", reason: "unauthorized" });
    expect(planDelivery(50, api(403))).toMatchObject({ kind: "reject", reason: "forbidden" });
    expect(planDelivery(50, api(404))).toMatchObject({ kind: "reject", reason: "http-404" });
  });

  it("parks retryable failures whose attempts are used up", () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(planDelivery(10, api(status)).kind).toBe("park");
    }
    const network = Result.error(new PostHogError("request", { reason: "network" }));
    expect(planDelivery(10, network).kind).toBe("park");
    const timeout = Result.error(new PostHogError("request", { reason: "timeout" }));
    expect(planDelivery(10, timeout).kind).toBe("park");
  });

  it("hands an aborted batch back", () => {
    const abort = Result.error(new PostHogError("request", { reason: "abort" }));
    expect(planDelivery(10, abort).kind).toBe("hand-back");
  });
});
