import {
  Actor,
  type ActorWeak,
  actorEvents,
  type DeadLetter,
  spawn,
  supervise,
} from "@tsactor/core";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";

afterEach(() => {
  vi.useRealTimers();
  actorEvents.removeAllListeners();
});

/** Counts ticks; `slowTick` takes `ms` (fake time) and checks that ticks never overlap. */
class Ticker extends Actor {
  ticks: string[] = [];
  busy = false;
  overlaps = 0;

  tick(label: string): void {
    this.ticks.push(label);
  }

  async slowTick(ms: number): Promise<void> {
    if (this.busy) this.overlaps += 1;
    this.busy = true;
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.busy = false;
    this.ticks.push(`slow${ms}`);
  }

  crash(): void {
    throw new Error("crash");
  }
}

function deadLetters(): DeadLetter[] {
  const letters: DeadLetter[] = [];
  actorEvents.on("dead-letter", (letter) => letters.push(letter));
  return letters;
}

describe("schedule", () => {
  it("tells the actor once after the delay", async () => {
    vi.useFakeTimers();
    const [ref, done] = spawn(Ticker);
    ref.schedule("tick", "once", 100);
    await vi.advanceTimersByTimeAsync(99);
    await ref.stop();
    await vi.advanceTimersByTimeAsync(10);
    expect((await done).status).toBe("completed");
    const [again, doneAgain] = spawn(Ticker);
    again.schedule("tick", "once", 100);
    await vi.advanceTimersByTimeAsync(500);
    await again.stop();
    const result = await doneAgain;
    expect(result.status === "completed" && result.actor.ticks).toEqual(["once"]);
  });

  it("does nothing once cancelled", async () => {
    vi.useFakeTimers();
    const [ref, done] = spawn(Ticker);
    const cancel = ref.schedule("tick", "never", 100);
    cancel();
    cancel();
    await vi.advanceTimersByTimeAsync(200);
    await ref.stop();
    const result = await done;
    expect(result.status === "completed" && result.actor.ticks).toEqual([]);
  });

  it("waits like a tell when the mailbox is full", async () => {
    vi.useFakeTimers();
    const [ref, done] = spawn(Ticker, undefined, { mailboxCapacity: 1 });
    void ref.tell("slowTick", 500); // in hand
    void ref.tell("tick", "queued"); // fills the mailbox
    ref.schedule("tick", "timer", 10);
    await vi.advanceTimersByTimeAsync(600);
    await ref.stop();
    const result = await done;
    expect(result.status === "completed" && result.actor.ticks).toEqual([
      "slow500",
      "queued",
      "timer",
    ]);
  });

  it("is disarmed the moment stop() is called, and produces no dead letter", async () => {
    vi.useFakeTimers();
    const letters = deadLetters();
    const [ref, done] = spawn(Ticker);
    void ref.tell("slowTick", 300); // the stop below drains for 300 ms
    ref.schedule("tick", "late", 100);
    ref.scheduleEvery("tick", "every", 50);
    await vi.advanceTimersByTimeAsync(10);
    await ref.stop();
    await vi.advanceTimersByTimeAsync(1000);
    const result = await done;
    expect(result.status === "completed" && result.actor.ticks).toEqual(["slow300"]);
    expect(letters).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("still handles ticks queued before a graceful stop", async () => {
    vi.useFakeTimers();
    const [ref, done] = spawn(Ticker);
    void ref.tell("slowTick", 100);
    ref.schedule("tick", "queued", 10);
    await vi.advanceTimersByTimeAsync(20); // the tick is in the mailbox now
    await ref.stop();
    await vi.advanceTimersByTimeAsync(200);
    const result = await done;
    expect(result.status === "completed" && result.actor.ticks).toEqual(["slow100", "queued"]);
  });

  it("is disarmed by kill() and when the actor crashes", async () => {
    vi.useFakeTimers();
    const letters = deadLetters();
    const [killed, killedDone] = spawn(Ticker);
    killed.scheduleEvery("tick", "every", 10);
    killed.kill();
    const [crashed, crashedDone] = spawn(Ticker);
    crashed.scheduleEvery("tick", "every", 10);
    crashed.schedule("tick", "once", 50);
    void crashed.tell("crash");
    await vi.advanceTimersByTimeAsync(100);
    expect((await killedDone).killed).toBe(true);
    expect((await crashedDone).status).toBe("failed");
    expect(vi.getTimerCount()).toBe(0);
    expect(letters).toEqual([]);
  });

  it("arms nothing on a stopping or ended actor", async () => {
    vi.useFakeTimers();
    const [ref, done] = spawn(Ticker);
    const weak = ref.downgrade();
    void ref.stop();
    const cancel = ref.schedule("tick", "x", 10);
    await done;
    weak.scheduleEvery("tick", "y", 10);
    expect(vi.getTimerCount()).toBe(0);
    cancel();
  });

  it("rejects a delay that is negative, not a number, or beyond Node's timer range", () => {
    const [ref] = spawn(Ticker);
    expect(() => ref.schedule("tick", "x", -1)).toThrow(RangeError);
    expect(() => ref.schedule("tick", "x", Number.NaN)).toThrow(/delayMs/);
    expect(() => ref.scheduleEvery("tick", "x", 0)).toThrow(/everyMs/);
    expect(() => ref.scheduleEvery("tick", "x", 2 ** 31)).toThrow(RangeError);
    void ref.stop();
  });

  it("is typed like tell", () => {
    const [ref] = spawn(Ticker);
    expectTypeOf(ref.schedule("tick", "x", 10)).toEqualTypeOf<() => void>();
    // @ts-expect-error: tick takes a string
    ref.schedule("tick", 1, 10);
    // @ts-expect-error: no such handler
    ref.scheduleEvery("nope", undefined, 10);
    ref.kill();
  });
});

describe("scheduleEvery", () => {
  it("tells the actor every period until cancelled", async () => {
    vi.useFakeTimers();
    const [ref, done] = spawn(Ticker);
    const cancel = ref.scheduleEvery("tick", "t", 100);
    await vi.advanceTimersByTimeAsync(350);
    cancel();
    await vi.advanceTimersByTimeAsync(500);
    await ref.stop();
    const result = await done;
    expect(result.status === "completed" && result.actor.ticks).toEqual(["t", "t", "t"]);
  });

  it("skips ticks while the previous one is queued or in hand, instead of piling them up", async () => {
    vi.useFakeTimers();
    const [ref, done] = spawn(Ticker);
    const cancel = ref.scheduleEvery("slowTick", 250, 100);
    await vi.advanceTimersByTimeAsync(1000);
    cancel();
    await vi.advanceTimersByTimeAsync(1000);
    await ref.stop();
    const result = await done;
    if (result.status !== "completed") throw new Error("expected completed");
    expect(result.actor.overlaps).toBe(0);
    // Ticks start at 100, 400 (300 skipped: 350 in hand), 700, 1000: four, not ten.
    expect(result.actor.ticks.length).toBeGreaterThanOrEqual(3);
    expect(result.actor.ticks.length).toBeLessThanOrEqual(4);
  });

  it("cancels itself when the message name is unknown (plain JavaScript callers)", async () => {
    vi.useFakeTimers();
    const [ref] = spawn(Ticker);
    (ref as unknown as { scheduleEvery(n: string, p: unknown, ms: number): void }).scheduleEvery(
      "nope",
      undefined,
      10,
    );
    await vi.advanceTimersByTimeAsync(15);
    expect(vi.getTimerCount()).toBe(0);
    ref.kill();
  });

  it("works through a weak ref without keeping the actor alive", async () => {
    vi.useFakeTimers();
    class SelfTicker extends Ticker {
      onRun(self: ActorWeak<SelfTicker>): void {
        self.scheduleEvery("tick", "self", 100);
      }
    }
    const [ref, done] = spawn(SelfTicker);
    await vi.advanceTimersByTimeAsync(250);
    await ref.stop();
    await vi.advanceTimersByTimeAsync(500);
    const result = await done;
    expect(result.status === "completed" && result.actor.ticks).toEqual(["self", "self"]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("timers on sup.ref", () => {
  it("last across restarts and end with supervision", async () => {
    vi.useFakeTimers();
    const sup = supervise(Ticker, undefined, { backoff: { initialMs: 50 } });
    sup.ref.scheduleEvery("tick", "t", 100);
    await vi.advanceTimersByTimeAsync(250);
    await sup.ref.tell("crash");
    await vi.advanceTimersByTimeAsync(300);
    await sup.stop();
    const end = await sup.done;
    await vi.advanceTimersByTimeAsync(500);
    expect(end.results).toHaveLength(2);
    const ticks = end.results.map((r) => (r.actor as Ticker).ticks.length);
    expect(ticks[0]).toBe(2);
    expect(ticks[1]).toBeGreaterThanOrEqual(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
