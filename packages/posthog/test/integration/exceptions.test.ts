/**
 * `captureException` on the facade, against the test server: a caught `Error` becomes a
 * delivered `$exception` event with its cause chain, a thrown non-`Error` gets a stack that
 * starts at the caller (not inside the SDK), and nothing thrown can make it throw.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostHog } from "../../src/index.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Entry {
  readonly type: string;
  readonly value: string;
  readonly mechanism: { readonly synthetic?: boolean };
  readonly stacktrace?: { readonly frames: readonly { readonly function: string }[] };
}

function exceptionList(uuid: string): Entry[] {
  const event = server.eventsByUuid().get(uuid)?.[0];
  return (event?.properties?.$exception_list ?? []) as Entry[];
}

describe("captureException", () => {
  it("delivers a $exception event with the error, its cause and the caller's properties", async () => {
    const posthog = createPostHog({ apiKey: "phc_exc", host: server.url });
    try {
      const error = new Error("Checkout failed", { cause: new RangeError("amount") });
      const uuid = posthog.captureException(error, "user-1", { area: "checkout" }).getOrThrow();
      expect(await posthog.flush()).toMatchObject({ delivered: 1 });
      const event = server.eventsByUuid().get(uuid)?.[0];
      expect(event).toMatchObject({
        event: "$exception",
        distinct_id: "user-1",
        properties: expect.objectContaining({ area: "checkout", $exception_level: "error" }),
      });
      expect(exceptionList(uuid).map((entry) => entry.type)).toEqual(["Error", "RangeError"]);
    } finally {
      await posthog.shutdown(1_000);
    }
  });

  it("gives a thrown non-Error a synthetic stack that starts at the caller", async () => {
    const posthog = createPostHog({ apiKey: "phc_exc", host: server.url });
    try {
      function checkoutHandler(): string {
        return posthog.captureException("card declined", "user-2").getOrThrow();
      }
      const uuid = checkoutHandler();
      await posthog.flush();
      const [outer] = exceptionList(uuid);
      expect(outer?.value).toBe("card declined");
      expect(outer?.mechanism.synthetic).toBe(true);
      const names = outer?.stacktrace?.frames.map((frame) => frame.function) ?? [];
      expect(names.at(-1)).toBe("checkoutHandler");
      expect(names.some((name) => name.includes("captureException"))).toBe(false);
    } finally {
      await posthog.shutdown(1_000);
    }
  });

  it("creates no person for an exception without a distinct id, and never throws", async () => {
    const posthog = createPostHog({ apiKey: "phc_exc", host: server.url });
    try {
      const hostile = {
        get message(): string {
          throw new Error("getter explodes");
        },
      };
      const uuid = posthog.captureException(hostile).getOrThrow();
      await posthog.flush();
      const event = server.eventsByUuid().get(uuid)?.[0];
      expect(event?.properties?.$process_person_profile).toBe(false);
      expect(exceptionList(uuid)).toHaveLength(1);
    } finally {
      await posthog.shutdown(1_000);
    }
  });
});
