import { Actor, isActorError, spawn } from "@tsactor/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { collectDeadLetters, type Gate, gate, settle } from "./helpers.ts";

/** An actor whose first message blocks until the test opens the gate. */
class Blocked extends Actor {
  handled: string[] = [];
  async block(until: Promise<void>): Promise<void> {
    await until;
  }
  note(label: string): string {
    this.handled.push(label);
    return label;
  }
}

/** Spawns a `Blocked` actor with `capacity`, busy in its first message, mailbox empty. */
async function blockedActor(capacity: number): Promise<{
  ref: ReturnType<typeof spawn<Blocked>>[0];
  done: ReturnType<typeof spawn<Blocked>>[1];
  hold: Gate;
}> {
  const hold = gate();
  const [ref, done] = spawn(Blocked, undefined, { mailboxCapacity: capacity });
  void ref.tell("block", hold.promise);
  await settle();
  return { ref, done, hold };
}

describe("backpressure", () => {
  it("counts queued messages only: the one being handled holds no slot", async () => {
    const { ref, hold } = await blockedActor(2);
    expect(ref.tryTell("note", "1").ok).toBe(true);
    expect(ref.tryTell("note", "2").ok).toBe(true);
    const full = ref.tryTell("note", "3");
    expect(isActorError(full.error, "mailbox-full")).toBe(true);
    hold.open();
    ref.kill();
  });

  it("makes tell wait for room and keeps the waiting senders in order", async () => {
    const { ref, done, hold } = await blockedActor(1);
    const order: string[] = [];
    void ref.tell("note", "queued");
    const w1 = ref.tell("note", "w1").then(() => order.push("w1"));
    const w2 = ref.tell("note", "w2").then(() => order.push("w2"));
    const w3 = ref.ask("note", "w3").then(() => order.push("w3"));
    await settle();
    expect(order).toEqual([]);
    hold.open();
    await Promise.all([w1, w2, w3]);
    await ref.stop();
    expect((await done).actor?.handled).toEqual(["queued", "w1", "w2", "w3"]);
    expect(order).toEqual(["w1", "w2", "w3"]);
  });

  it("does not let tryTell overtake waiting senders", async () => {
    const { ref, hold } = await blockedActor(1);
    void ref.tell("note", "queued");
    void ref.tell("note", "waiting");
    expect(ref.tryTell("note", "try").error?.kind).toBe("mailbox-full");
    hold.open();
    ref.kill();
  });

  it("places stop behind the senders already waiting, and refuses later ones", async () => {
    const { ref, done, hold } = await blockedActor(1);
    void ref.tell("note", "queued");
    const waiting = ref.tell("note", "waiting");
    let placed = false;
    const stopped = ref.stop().then(() => {
      placed = true;
    });
    const after = await ref.tell("note", "after");
    expect(after.error?.kind).toBe("stopped");
    await settle();
    expect(placed).toBe(false);
    hold.open();
    await stopped;
    expect((await waiting).ok).toBe(true);
    expect((await done).actor?.handled).toEqual(["queued", "waiting"]);
  });

  it("refuses waiting senders when the actor is killed", async () => {
    const letters = collectDeadLetters();
    const { ref, done, hold } = await blockedActor(1);
    void ref.tell("note", "queued");
    const waitingTell = ref.tell("note", "wt");
    const waitingAsk = ref.ask("note", "wa");
    ref.kill();
    expect((await waitingTell).error?.kind).toBe("stopped");
    expect((await waitingAsk).error?.kind).toBe("stopped");
    hold.open();
    const result = await done;
    letters.stop();
    expect(result.unprocessed.map((m) => m.payload)).toEqual(["queued"]);
    expect(letters.letters.map((l) => [l.payload, l.reason])).toEqual([
      ["wt", "stopped"],
      ["wa", "stopped"],
      ["queued", "discarded-at-shutdown"],
    ]);
  });

  it("applies backpressure while the actor is still starting", async () => {
    const release = gate();
    class SlowStart extends Blocked {
      async onStart(): Promise<void> {
        await release.promise;
      }
    }
    const [ref, done] = spawn(SlowStart, undefined, { mailboxCapacity: 1 });
    void ref.tell("note", "a");
    const b = ref.tell("note", "b");
    let bSettled = false;
    void b.then(() => {
      bSettled = true;
    });
    await settle();
    expect(bSettled).toBe(false);
    release.open();
    expect((await b).ok).toBe(true);
    await ref.stop();
    expect((await done).actor?.handled).toEqual(["a", "b"]);
  });
});

describe("tell timeouts and signals", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("answers timeout when no room frees in time, and reports a dead letter", async () => {
    const letters = collectDeadLetters();
    const { ref, done, hold } = await blockedActor(1);
    void ref.tell("note", "queued");
    const sent = ref.tell("note", "late", { timeout: 50 });
    await vi.advanceTimersByTimeAsync(49);
    let settled = false;
    void sent.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const result = await sent;
    expect(isActorError(result.error, "timeout")).toBe(true);
    hold.open();
    await ref.stop();
    expect((await done).actor?.handled).toEqual(["queued"]);
    letters.stop();
    expect(letters.letters.map((l) => [l.payload, l.reason])).toEqual([["late", "timeout"]]);
  });

  it("ignores the timeout when there is room", async () => {
    const [ref] = spawn(Blocked);
    const sent = await ref.tell("note", "x", { timeout: 0 });
    expect(sent.ok).toBe(true);
    ref.kill();
  });

  it("answers aborted when the signal fires while waiting, with its reason as cause", async () => {
    const letters = collectDeadLetters();
    const { ref, hold } = await blockedActor(1);
    void ref.tell("note", "queued");
    const controller = new AbortController();
    const sent = ref.tell("note", "w", { signal: controller.signal });
    controller.abort(new Error("caller gave up"));
    const result = await sent;
    expect(isActorError(result.error, "aborted")).toBe(true);
    expect((result.error?.cause as Error | undefined)?.message).toBe("caller gave up");
    letters.stop();
    expect(letters.letters).toEqual([]);
    hold.open();
    ref.kill();
  });

  it("answers aborted at once for an already aborted signal", async () => {
    const [ref] = spawn(Blocked);
    const result = await ref.tell("note", "x", { signal: AbortSignal.abort() });
    expect(result.error?.kind).toBe("aborted");
    ref.kill();
  });
});
