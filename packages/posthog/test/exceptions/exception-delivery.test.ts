import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createPostHog } from "../../src/index.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

let server: TestServer;
let posthog: ReturnType<typeof createPostHog>;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await posthog.shutdown(1_000);
  server.reset();
});
afterAll(async () => {
  await server.close();
});

interface Entry {
  readonly type: string;
  readonly value: string;
  readonly mechanism: Record<string, unknown>;
  readonly stacktrace?: { readonly frames: readonly { readonly function: string }[] };
}

function exceptionList(uuid: string): Entry[] {
  const event = server.eventsByUuid().get(uuid)?.[0];
  expect(event?.event).toBe("$exception");
  return event?.properties?.$exception_list as Entry[];
}

describe("captureException", () => {
  it("delivers a $exception event with the cause chain, caller properties and defaults", async () => {
    posthog = createPostHog({ apiKey: "phc_test", host: server.url, flushAt: 1 });
    const cause = new RangeError("amount out of range");
    const uuid = posthog
      .captureException(new Error("Checkout failed", { cause }), "user-1", { area: "checkout" })
      .getOrThrow();
    expect((await posthog.flush()).delivered).toBe(1);
    const event = server.eventsByUuid().get(uuid)?.[0];
    expect(event?.distinct_id).toBe("user-1");
    expect(event?.properties).toMatchObject({ area: "checkout", $exception_level: "error" });
    const list = exceptionList(uuid);
    expect(list.map((entry) => entry.type)).toEqual(["Error", "RangeError"]);
    expect(list[0]?.mechanism).toEqual({
      type: "generic",
      handled: true,
      synthetic: false,
      exception_id: 0,
    });
    expect(list[1]?.mechanism).toMatchObject({ type: "chained", source: "cause", parent_id: 0 });
  });

  it("gives a thrown string a stack that ends at the caller, not inside the SDK", async () => {
    posthog = createPostHog({ apiKey: "phc_test", host: server.url, flushAt: 1 });
    function reportFailure(): string {
      return posthog.captureException("payment provider said no", "user-1").getOrThrow();
    }
    const uuid = reportFailure();
    await posthog.flush();
    const [entry] = exceptionList(uuid);
    expect(entry?.mechanism.synthetic).toBe(true);
    expect(entry?.stacktrace?.frames.at(-1)?.function).toBe("reportFailure");
  });

  it("travels the V1 route too, with its exception list in the event's properties", async () => {
    posthog = createPostHog({
      apiKey: "phc_test",
      host: server.url,
      flushAt: 1,
      captureMode: "v1",
    });
    const uuid = posthog.captureException(new TypeError("boom")).getOrThrow();
    expect((await posthog.flush()).delivered).toBe(1);
    expect(server.requests[0]?.path).toBe("/i/v1/analytics/events");
    const [entry] = exceptionList(uuid);
    expect(entry?.type).toBe("TypeError");
    const options = (server.events[0] as { options?: Record<string, unknown> }).options;
    expect(options).toEqual({ process_person_profile: false });
  });
});
