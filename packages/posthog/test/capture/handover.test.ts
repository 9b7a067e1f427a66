import { spawn, supervise } from "@tsactor/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PostHogActor } from "../../src/capture/actor.ts";
import type { PostHogActorOptions } from "../../src/capture/options.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

const API_KEY = "phc_handover_tests";
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.close();
});

/** A capture actor with a bug that crashes it on demand. */
class CrashingPostHog extends PostHogActor {
  crash(): never {
    throw new Error("simulated bug");
  }
}

describe("PostHogActor hand-over", () => {
  it("captures the events it is handed first, keeping their uuid and timestamp", async () => {
    const options: PostHogActorOptions = { apiKey: API_KEY, host: "http://127.0.0.1:1" };
    const [first, firstDone] = spawn(PostHogActor, options);
    for (let i = 0; i < 5; i++) void first.tell("capture", { distinctId: "u", event: `e${i}` });
    first.kill();
    const firstResult = await firstDone;
    const handover = firstResult.actor?.undelivered() ?? [];
    expect(handover).toHaveLength(5);

    const [second, secondDone] = spawn(PostHogActor, {
      apiKey: API_KEY,
      host: server.url,
      handover,
    });
    await second.stop();
    await secondDone;
    expect(server.events.map((e) => e.uuid)).toEqual(handover.map((e) => e.uuid));
    expect(server.events.map((e) => e.timestamp)).toEqual(handover.map((e) => e.timestamp));
  });

  it("under supervise, delivers every capture exactly once across a crash", async () => {
    server.setFaults({ kind: "outage", status: 503 });
    const options: PostHogActorOptions = {
      apiKey: API_KEY,
      host: server.url,
      flushAt: 5,
      retry: { limit: 0 },
      shutdownTimeoutMs: 100, // a crashed incarnation hands back quickly what it holds
    };
    const sup = supervise(CrashingPostHog, options, {
      backoff: { initialMs: 1, maxMs: 10 },
      nextArgs: (last) => ({ ...options, handover: last.actor?.undelivered() ?? [] }),
    });
    const sent: string[] = [];
    for (let i = 0; i < 20; i++) {
      const uuid = `0190a1b2-0000-7000-8000-${String(i).padStart(12, "0")}`;
      sent.push(uuid);
      await sup.ref.tell("capture", { distinctId: "u", event: "e", uuid });
    }
    const restarted = new Promise((resolve) => sup.events.once("restart", resolve));
    // Crash while some captures are still queued behind the crashing message.
    void sup.ref.tell("crash");
    for (let i = 20; i < 30; i++) {
      const uuid = `0190a1b2-0000-7000-8000-${String(i).padStart(12, "0")}`;
      sent.push(uuid);
      void sup.ref.tell("capture", { distinctId: "u", event: "e", uuid });
    }
    await restarted;
    server.clearFaults();
    // An ask waits for the next incarnation; its flush covers the hand-over and the re-delivery.
    const flushed = await sup.ref.ask("flush");
    expect(flushed.ok).toBe(true);
    await sup.stop();
    const end = await sup.done;
    expect(end.results.length).toBeGreaterThanOrEqual(2);
    const received = server.uuids();
    expect(new Set(received).size).toBe(received.length); // no duplicates
    expect([...received].sort()).toEqual([...sent].sort()); // none lost
  });
});
