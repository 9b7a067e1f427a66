import { Actor, isActorError, spawn } from "@tsactor/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { collectDeadLetters, gate, settle } from "./helpers.ts";

class Slow extends Actor {
  handled: number[] = [];
  async after(ms: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.handled.push(ms);
    return ms;
  }
  now(n: number): number {
    this.handled.push(n);
    return n;
  }
}

describe("ask timeouts", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("covers the whole round trip, does not cancel the handler, and drops the late reply", async () => {
    const letters = collectDeadLetters();
    const [ref, done] = spawn(Slow);
    const reply = ref.ask("after", 100, { timeout: 30 });
    await vi.advanceTimersByTimeAsync(30);
    expect(isActorError((await reply).error, "timeout")).toBe(true);
    expect(letters.letters).toEqual([]);
    await vi.advanceTimersByTimeAsync(70);
    await settle();
    letters.stop();
    expect(letters.letters.map((l) => [l.name, l.payload, l.reason])).toEqual([
      ["after", 100, "reply-dropped"],
    ]);
    await ref.stop();
    expect((await done).actor?.handled).toEqual([100]);
  });

  it("answers in time when the handler is quick, and clears its timer", async () => {
    const [ref] = spawn(Slow);
    const reply = await ref.ask("now", 7, { timeout: 1000 });
    expect(reply.value).toBe(7);
    expect(vi.getTimerCount()).toBe(0);
    ref.kill();
  });

  it("times out an ask still waiting for room, which is then never handled", async () => {
    const letters = collectDeadLetters();
    const hold = gate();
    class Blocked extends Slow {
      async block(): Promise<void> {
        await hold.promise;
      }
    }
    const [ref, done] = spawn(Blocked, undefined, { mailboxCapacity: 1 });
    void ref.tell("block");
    await settle();
    void ref.tell("now", 1);
    const reply = ref.ask("now", 2, { timeout: 10 });
    await vi.advanceTimersByTimeAsync(10);
    expect((await reply).error?.kind).toBe("timeout");
    hold.open();
    await ref.stop();
    expect((await done).actor?.handled).toEqual([1]);
    letters.stop();
    expect(letters.letters.map((l) => [l.payload, l.reason])).toEqual([[2, "timeout"]]);
  });
});

describe("ask signals", () => {
  it("answers aborted when the signal fires, and drops the late reply", async () => {
    const letters = collectDeadLetters();
    const hold = gate<number>();
    class Waiting extends Actor {
      async value(): Promise<number> {
        return hold.promise;
      }
    }
    const [ref] = spawn(Waiting);
    const controller = new AbortController();
    const reply = ref.ask("value", undefined, { signal: controller.signal });
    await settle();
    controller.abort("changed my mind");
    const result = await reply;
    expect(isActorError(result.error, "aborted")).toBe(true);
    expect(result.error?.cause).toBe("changed my mind");
    hold.open(5);
    await settle();
    letters.stop();
    expect(letters.letters.map((l) => [l.payload, l.reason])).toEqual([[5, "reply-dropped"]]);
    ref.kill();
  });

  it("answers aborted at once for an already aborted signal, without queuing", async () => {
    const [ref, done] = spawn(Slow);
    const result = await ref.ask("now", 1, { signal: AbortSignal.abort() });
    expect(result.error?.kind).toBe("aborted");
    await ref.stop();
    expect((await done).actor?.handled).toEqual([]);
  });
});

describe("ask after the end", () => {
  it("answers stopped, never hangs", async () => {
    const [ref, done] = spawn(Slow);
    ref.kill();
    await done;
    const result = await ref.ask("now", 1);
    expect(result.error?.kind).toBe("stopped");
    expect(result.error?.identity).toBe(ref.identity());
  });
});
