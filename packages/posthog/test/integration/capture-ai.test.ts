/**
 * `captureAi` against the test server: LLM analytics events go to `/i/v0/ai/batch/` by a
 * queue of their own, in either capture mode; `capture` never reroutes an `$ai_…` event;
 * a given uuid is kept; offsets become UTC; `flush`, `stats` and `undelivered()` cover the
 * AI queue, and an AI event handed back goes back to the AI route.
 */
import { describe, expect, it } from "vitest";
import type { PostHogOptions } from "../../src/index.ts";
import { serverPerTest } from "../support/test-server.ts";

const env = serverPerTest();

function posthogFor(options: Partial<PostHogOptions> = {}) {
  return env.posthog({ apiKey: "phc_ai", ...options });
}

const SUPPLIED_UUID = "0190a000-0000-7000-8000-0000000000aa";

describe("captureAi", () => {
  it("posts AI events to /i/v0/ai/batch/ with the v0 envelope, and only there", async () => {
    const posthog = posthogFor();
    const uuid = posthog
      .captureAi({
        distinctId: "u1",
        event: "$ai_generation",
        properties: { $ai_model: "gpt-4o" },
        timestamp: "2025-01-02T08:34:05+05:30",
      })
      .getOrThrow();
    expect(await posthog.flush()).toMatchObject({ delivered: 1 });
    expect(env.server.requestsTo("capture")).toHaveLength(0);
    const [request, ...rest] = env.server.requestsTo("capture-ai");
    expect(rest).toHaveLength(0);
    expect(request?.path).toBe("/i/v0/ai/batch/");
    expect(request?.body).toMatchObject({ api_key: "phc_ai" });
    expect(env.server.events).toEqual([
      expect.objectContaining({
        uuid,
        event: "$ai_generation",
        timestamp: "2025-01-02T03:04:05.000Z",
        properties: expect.objectContaining({ $ai_model: "gpt-4o", $lib: "tsactor-posthog" }),
      }),
    ]);
  });

  it("keeps a supplied uuid and returns it", async () => {
    const posthog = posthogFor();
    const sent = posthog.captureAi({ distinctId: "u1", event: "$ai_span", uuid: SUPPLIED_UUID });
    expect(sent.value).toBe(SUPPLIED_UUID);
    await posthog.flush();
    expect(env.server.uuids()).toEqual([SUPPLIED_UUID]);
  });

  it("never reroutes capture() of an $ai_ event", async () => {
    const posthog = posthogFor();
    posthog.capture({ distinctId: "u1", event: "$ai_generation" });
    await posthog.flush();
    expect(env.server.requestsTo("capture")).toHaveLength(1);
    expect(env.server.requestsTo("capture-ai")).toHaveLength(0);
  });

  it("uses the AI route in V1 mode too, and one flush covers both queues", async () => {
    const posthog = posthogFor({ captureMode: "v1" });
    posthog.capture({ distinctId: "u1", event: "page" });
    posthog.captureAi({ distinctId: "u1", event: "$ai_generation" });
    posthog.captureAi({ distinctId: "u1", event: "$ai_generation" });
    expect(await posthog.flush()).toMatchObject({ delivered: 3, undelivered: 0 });
    expect(env.server.requestsTo("capture-v1")).toHaveLength(1);
    expect(env.server.requestsTo("capture-ai")).toHaveLength(1);
    expect(posthog.stats()).toMatchObject({ delivered: 3, queued: 0 });
  });

  it("parks AI events through an outage like any other, and counts them in stats", async () => {
    env.server.setFaults({ kind: "always", route: "capture-ai", fault: 503 });
    const posthog = posthogFor({ retry: { limit: 1, baseDelayMs: 1 } });
    posthog.captureAi({ distinctId: "u1", event: "$ai_generation" });
    expect(await posthog.flush()).toMatchObject({ parked: 1 });
    expect(posthog.stats().parked).toBe(1);
    env.server.clearFaults();
    expect(await posthog.flush()).toMatchObject({ delivered: 1 });
  });

  it("hands AI events back marked for the AI route, which a new client sends there", async () => {
    const first = posthogFor({ flushAt: 1_000 });
    first.capture({ distinctId: "u1", event: "page" });
    const uuid = first.captureAi({ distinctId: "u1", event: "$ai_generation" }).getOrThrow();
    const result = await first.shutdown(0);
    const left = result.actor?.undelivered() ?? [];
    expect(left.map((event) => [event.event, event.route])).toEqual([
      ["page", undefined],
      ["$ai_generation", "ai"],
    ]);
    expect(env.server.requests).toHaveLength(0);
    const second = posthogFor();
    for (const event of left) second.capture(event).getOrThrow();
    await second.flush();
    expect(
      env.server.requestsTo("capture-ai").flatMap((r) => r.acceptedEvents.map((e) => e.uuid)),
    ).toEqual([uuid]);
    expect(env.server.requestsTo("capture")).toHaveLength(1);
  });

  it("refuses an invalid AI event like capture does, naming the field", () => {
    const posthog = posthogFor();
    expect(posthog.captureAi({ distinctId: "", event: "$ai_generation" }).error).toMatchObject({
      kind: "invalid-event",
      field: "distinctId",
    });
  });
});
