import { Actor, actorEvents, spawn } from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { collectDeadLetters, collectEvents, settle } from "./helpers.ts";

class Echo extends Actor {
  echo(text: string): string {
    return text;
  }
  boom(): void {
    throw new Error("boom");
  }
}

describe("actorEvents", () => {
  it("emits spawn with the new actor's identity", () => {
    const spawned = collectEvents("spawn");
    const [ref] = spawn(Echo, undefined, { name: "echo" });
    spawned.stop();
    expect(spawned.calls).toEqual([[ref.identity()]]);
    ref.kill();
  });

  it("emits stop with the identity and the result", async () => {
    const stops = collectEvents("stop");
    const [ref, done] = spawn(Echo);
    await ref.stop();
    const result = await done;
    stops.stop();
    expect(stops.calls).toEqual([[ref.identity(), result]]);
  });

  it("emits failure before stop for a failed actor only", async () => {
    const order: string[] = [];
    const onFailure = (): void => {
      order.push("failure");
    };
    const onStop = (): void => {
      order.push("stop");
    };
    actorEvents.on("failure", onFailure);
    actorEvents.on("stop", onStop);
    const [ok, okDone] = spawn(Echo);
    await ok.stop();
    await okDone;
    const [bad, badDone] = spawn(Echo);
    void bad.tell("boom");
    const result = await badDone;
    actorEvents.off("failure", onFailure);
    actorEvents.off("stop", onStop);
    expect(result.status).toBe("failed");
    expect(order).toEqual(["stop", "failure", "stop"]);
  });

  it("reports dead letters as one object with the message itself", async () => {
    const letters = collectDeadLetters();
    const [ref, done] = spawn(Echo, undefined, { name: "echo" });
    await ref.stop();
    await ref.tell("echo", "lost");
    await done;
    letters.stop();
    expect(letters.letters).toEqual([
      { identity: ref.identity(), name: "echo", payload: "lost", reason: "stopped" },
    ]);
    expect(Object.isFrozen(letters.letters[0])).toBe(true);
  });

  it("keeps the actor intact when a listener throws, and rethrows in a new macrotask", async () => {
    const thrown: unknown[] = [];
    const listeners = process.listeners("uncaughtException");
    process.removeAllListeners("uncaughtException");
    const capture = (error: unknown): void => {
      thrown.push(error);
    };
    process.on("uncaughtException", capture);
    const bad = (): void => {
      throw new Error("listener bug");
    };
    actorEvents.on("dead-letter", bad);
    try {
      const [ref, done] = spawn(Echo);
      await ref.stop();
      const refused = await ref.tell("echo", "x");
      expect(refused.error?.kind).toBe("stopped");
      expect((await done).status).toBe("completed");
      await new Promise((resolve) => setTimeout(resolve, 5));
    } finally {
      actorEvents.off("dead-letter", bad);
      process.off("uncaughtException", capture);
      for (const listener of listeners) process.on("uncaughtException", listener);
    }
    expect((thrown[0] as Error).message).toBe("listener bug");
  });

  it("builds no event when nobody listens", async () => {
    expect(actorEvents.listenerCount("dead-letter")).toBe(0);
    const [ref, done] = spawn(Echo);
    await ref.stop();
    await ref.tell("echo", "nobody hears this");
    await settle();
    expect((await done).status).toBe("completed");
  });
});
