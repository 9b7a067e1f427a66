import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildExceptionEvent } from "../../src/exceptions/exception-event.ts";
import { createPostHog } from "../../src/index.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe("$exception events", () => {
  it("reach PostHog through capture with their exception list intact", async () => {
    const posthog = createPostHog({ apiKey: "phc_test", host: server.url, flushAt: 1 });
    try {
      const cause = new RangeError("amount out of range");
      const error = new Error("Checkout failed", { cause });
      const uuid = posthog
        .capture(buildExceptionEvent(error, "user-1", { area: "checkout" }))
        .getOrThrow();
      const report = await posthog.flush();
      expect(report.delivered).toBe(1);
      const event = server.eventsByUuid().get(uuid)?.[0];
      expect(event?.event).toBe("$exception");
      expect(event?.distinct_id).toBe("user-1");
      const properties = event?.properties ?? {};
      expect(properties.area).toBe("checkout");
      expect(properties.$exception_level).toBe("error");
      const list = properties.$exception_list as { type: string; mechanism: object }[];
      expect(list.map((entry) => entry.type)).toEqual(["Error", "RangeError"]);
      expect(list[1]?.mechanism).toMatchObject({ type: "chained", source: "cause", parent_id: 0 });
    } finally {
      await posthog.shutdown(1_000);
    }
  });
});
