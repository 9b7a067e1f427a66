/**
 * The full-length outage of the issue: PostHog answers 503 for ten seconds while events
 * keep coming at a steady rate, with the default delivery options. Every event is
 * delivered exactly once, and delivery resumes within a second or two of the recovery
 * (the parked batches go out as soon as a later request succeeds). It takes about 14 s;
 * the same logic runs in seconds with a shorter outage in `posthog-capture-faults.test.ts`.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPostHog } from "../packages/posthog/src/index.ts";
import { startTestServer, type TestServer } from "../packages/posthog/src/testing/index.ts";

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("capture through a 10-second outage", () => {
  it("delivers everything captured before, during and after a 10 s outage (503), exactly once, resuming soon after recovery", async () => {
    const outageMs = 10_000;
    const posthog = createPostHog({ apiKey: "phc_outage", host: server.url });
    const exhausted: number[] = [];
    posthog.on("retry-exhausted", (e) => exhausted.push(e.count));
    const uuids: string[] = [];
    let i = 0;
    const ticker = setInterval(() => {
      for (let k = 0; k < 10; k++) {
        const sent = posthog.capture({
          distinctId: `user-${i % 50}`,
          event: "order_placed",
          properties: { order: i++, amount: 10 + (i % 90) },
        });
        uuids.push(sent.value ?? "");
      }
    }, 20);
    await sleep(500);
    server.setFaults({ kind: "outage", status: 503, durationMs: outageMs });
    const recoveredAt = Date.now() + outageMs;
    await sleep(outageMs + 2_500);
    clearInterval(ticker);

    const report = await posthog.flush();
    expect(report).toMatchObject({ rejected: 0, dropped: 0 });
    expect(exhausted.length).toBeGreaterThan(0);
    const firstAfter = server.requests.find((r) => r.status === 200 && r.receivedAt >= recoveredAt);
    expect((firstAfter?.receivedAt ?? Number.POSITIVE_INFINITY) - recoveredAt).toBeLessThan(2_000);
    const result = await posthog.shutdown(5_000);
    expect(result.actor?.undelivered()).toEqual([]);
    const received = server.uuids();
    expect(received.length).toBe(uuids.length);
    expect(new Set(received)).toEqual(new Set(uuids));
  }, 40_000);
});
