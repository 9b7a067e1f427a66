import { Actor, type ActorRef, actorEvents, type DeadLetter, supervise } from "@tsactor/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fullGc, nextGeneration, nextRestart, sleep, Worker } from "./fixtures.ts";

const NO_BACKOFF = { initialMs: 0 };

afterEach(() => {
  vi.useRealTimers();
  actorEvents.removeAllListeners();
});

/** Slow to stop: its onStop takes `ms`. */
class SlowStop extends Actor<{ log: string[]; ms: number; generation?: number }> {
  log: string[] = [];
  ms = 0;
  generation = 0;
  onStart(args: { log: string[]; ms: number; generation?: number }): void {
    this.log = args.log;
    this.ms = args.ms;
    this.generation = args.generation ?? 0;
  }
  async onStop(): Promise<void> {
    await sleep(this.ms);
  }
  work(n: number): number {
    if (n < 0) throw new Error("crash");
    this.log.push(`${this.generation}:${n}`);
    return n;
  }
}

describe("sup.ref", () => {
  it("is an ActorRef with the supervisor's own stable identity", async () => {
    const sup = supervise(
      Worker,
      { log: [] },
      { backoff: NO_BACKOFF, spawnOptions: { name: "w" } },
    );
    const first = (await sup.ref.ask("work", 1)).ok;
    expect(first).toBe(true);
    const identity = sup.ref.identity();
    expect(String(identity)).toMatch(/^w\(#\d+\)$/);
    const restarted = nextRestart(sup);
    await sup.ref.tell("work", -1);
    const { result } = await restarted;
    expect(sup.ref.identity()).toBe(identity);
    expect(result.actor?.self?.identity().id).not.toBe(identity.id);
    expect(sup.ref.downgrade().identity()).toBe(identity);
    expect(String(sup.ref)).toBe(`ActorRef(${String(identity)})`);
    await sup.stop();
  });

  it("stays alive through a backoff and ends with supervision, when waitStopped resolves", async () => {
    vi.useFakeTimers();
    const sup = supervise(Worker, { log: [] }, { backoff: { initialMs: 1000 }, restart: "never" });
    let stopped = false;
    void sup.ref.waitStopped().then(() => {
      stopped = true;
    });
    await sup.ref.tell("work", -1);
    await sup.done;
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    expect(sup.ref.isAlive()).toBe(false);

    const again = supervise(Worker, { log: [] }, { backoff: { initialMs: 1000 } });
    await again.ref.tell("work", -1);
    await vi.advanceTimersByTimeAsync(500);
    expect(again.ref.isAlive()).toBe(true);
    await again.stop();
    expect(again.ref.isAlive()).toBe(false);
  });

  it("reports the current incarnation's metrics", async () => {
    const sup = supervise(Worker, { log: [] }, { backoff: NO_BACKOFF });
    await sup.ref.ask("work", 1);
    await sup.ref.ask("work", 2);
    expect(sup.ref.metrics().messageCount).toBe(2);
    const restarted = nextRestart(sup);
    await sup.ref.tell("work", -1);
    await restarted;
    await sup.ref.ask("work", 3);
    expect(sup.ref.metrics().messageCount).toBe(1);
    await sup.stop();
  });

  it("answers tryTell with mailbox-full during a restart, and stopped after the end", async () => {
    vi.useFakeTimers();
    const sup = supervise(Worker, { log: [] }, { backoff: { initialMs: 1000 } });
    expect(sup.ref.tryTell("work", 1).ok).toBe(true);
    await sup.ref.tell("work", -1);
    await vi.advanceTimersByTimeAsync(10);
    expect(sup.ref.tryTell("work", 2).error?.kind).toBe("mailbox-full");
    await vi.advanceTimersByTimeAsync(1500);
    expect(sup.ref.tryTell("work", 3).ok).toBe(true);
    await sup.stop();
    await sup.done;
    expect(sup.ref.tryTell("work", 4).error?.kind).toBe("stopped");
  });

  it("makes tells and asks sent during a restart wait within their timeout and signal", async () => {
    vi.useFakeTimers();
    const sup = supervise(Worker, { log: [] }, { backoff: { initialMs: 1000 } });
    await sup.ref.tell("work", -1);
    await vi.advanceTimersByTimeAsync(10);
    const tell = sup.ref.tell("work", 1, { timeout: 100 });
    const ask = sup.ref.ask("work", 2, { timeout: 100 });
    const controller = new AbortController();
    const aborted = sup.ref.ask("work", 3, { signal: controller.signal });
    const patient = sup.ref.ask("work", 4, { timeout: 5000 });
    controller.abort(new Error("caller left"));
    expect((await aborted).error?.kind).toBe("aborted");
    await vi.advanceTimersByTimeAsync(150);
    expect((await tell).error?.kind).toBe("timeout");
    expect((await ask).error?.kind).toBe("timeout");
    await vi.advanceTimersByTimeAsync(1500);
    expect((await patient).value).toBe(4);
    await sup.stop();
  });

  it("re-delivers the dead incarnation's unhandled tells first, in order, with their priority", async () => {
    const log: string[] = [];
    const sup = supervise(
      Worker,
      { log },
      { backoff: NO_BACKOFF, nextArgs: nextGeneration, spawnOptions: { priority: true } },
    );
    const restarted = nextRestart(sup);
    void sup.ref.tell("slow", 20); // occupies the first incarnation
    await sleep(1);
    void sup.ref.tell("work", -1, { priority: true }); // crashes it
    void sup.ref.tell("work", 2, { priority: true });
    void sup.ref.tell("work", 1);
    void sup.ref.tell("work", 3);
    const { result } = await restarted;
    expect(result.unprocessed.map((m) => [m.payload, m.priority])).toEqual([
      [2, true],
      [1, false],
      [3, false],
    ]);
    void sup.ref.tell("work", 4);
    await sup.ref.ask("work", 5);
    expect(log).toEqual(["0:slow", "1:2", "1:1", "1:3", "1:4", "1:5"]);
    await sup.stop();
  });

  it("does not re-deliver the crashing message, and turns re-delivered tells into no dead letters", async () => {
    const letters: DeadLetter[] = [];
    actorEvents.on("dead-letter", (letter) => letters.push(letter));
    const log: string[] = [];
    const sup = supervise(Worker, { log }, { backoff: NO_BACKOFF, nextArgs: nextGeneration });
    const restarted = nextRestart(sup);
    void sup.ref.tell("work", -1);
    void sup.ref.tell("work", 1);
    void sup.ref.tell("work", 2);
    await restarted;
    await sup.ref.ask("work", 3);
    expect(log).toEqual(["1:1", "1:2", "1:3"]);
    expect(letters).toEqual([]);
    await sup.stop();
  });

  it("turns the unhandled tells into dead letters (stopped) when supervision ends instead", async () => {
    const letters: DeadLetter[] = [];
    actorEvents.on("dead-letter", (letter) => letters.push(letter));
    const sup = supervise(Worker, { log: [] }, { restart: "never" });
    void sup.ref.tell("work", -1);
    void sup.ref.tell("work", 1);
    await sup.done;
    expect(letters.map((l) => [l.name, l.payload, l.reason])).toEqual([["work", 1, "stopped"]]);
  });

  it("answers asks in flight during a crash: handler-failed for the crashing one, stopped for queued ones", async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const sup = supervise(
      Worker,
      { log },
      { backoff: { initialMs: 100 }, nextArgs: nextGeneration },
    );
    const crashing = sup.ref.ask("work", -1);
    const queued = sup.ref.ask("work", 2);
    void sup.ref.tell("work", 3);
    expect((await crashing).error?.kind).toBe("handler-failed");
    expect((await queued).error?.kind).toBe("stopped");
    const later = sup.ref.ask("work", 4); // sent during the backoff: waits for the next incarnation
    await vi.advanceTimersByTimeAsync(200);
    expect((await later).value).toBe(4);
    expect(log).toEqual(["1:3", "1:4"]);
    await sup.stop();
  });

  it("makes an ask sent while the crashed incarnation is still stopping wait for the next one", async () => {
    const log: string[] = [];
    const sup = supervise(
      SlowStop,
      { log, ms: 30 },
      {
        backoff: NO_BACKOFF,
        nextArgs: (last) => ({ log, ms: 0, generation: (last.actor?.generation ?? 0) + 1 }),
      },
    );
    expect((await sup.ref.ask("work", -1)).error?.kind).toBe("handler-failed");
    const during = await sup.ref.ask("work", 1); // onStop of the first incarnation still runs
    expect(during.value).toBe(1);
    expect(log).toEqual(["1:1"]);
    await sup.stop();
  });

  it("hands sends that were waiting for room when the incarnation crashed to the next one, quietly", async () => {
    const letters: DeadLetter[] = [];
    actorEvents.on("dead-letter", (letter) => letters.push(letter));
    const log: string[] = [];
    const sup = supervise(
      Worker,
      { log },
      { backoff: NO_BACKOFF, nextArgs: nextGeneration, spawnOptions: { mailboxCapacity: 1 } },
    );
    void sup.ref.tell("failAfter", 20); // in hand, then crashes
    await sleep(1);
    void sup.ref.tell("work", 1); // queued: the mailbox is full now
    const waitingTell = sup.ref.tell("work", 2); // waits for room
    const waitingAsk = sup.ref.ask("work", 3); // waits for room
    expect((await waitingTell).ok).toBe(true);
    expect((await waitingAsk).value).toBe(3);
    expect(log).toEqual(["1:1", "1:2", "1:3"]);
    expect(letters).toEqual([]);
    await sup.stop();
  });

  it("makes an ask sent while the incarnation drains a self-stop wait for the next one", async () => {
    const log: string[] = [];
    const sup = supervise(
      Worker,
      { log },
      { restart: "always", backoff: NO_BACKOFF, nextArgs: nextGeneration },
    );
    void sup.ref.tell("stopSelf"); // places the stop marker behind the slow message
    void sup.ref.tell("slow", 30);
    await sleep(5); // the first incarnation is draining: it refuses new sends
    const asked = await sup.ref.ask("work", 1);
    expect(asked.value).toBe(1);
    expect(log).toEqual(["0:slow", "1:1"]);
    await sup.stop();
  });

  it("gives handlers their own incarnation's ref: a self-stop ends that incarnation only", async () => {
    const log: string[] = [];
    const sup = supervise(
      Worker,
      { log },
      { restart: "always", backoff: NO_BACKOFF, nextArgs: nextGeneration },
    );
    const restarted = nextRestart(sup);
    await sup.ref.ask("stopSelf"); // the stop marker is placed: later sends go to the next one
    const sent = sup.ref.tell("work", 1);
    const asked = sup.ref.ask("work", 2);
    const { result } = await restarted;
    expect(result.status).toBe("completed");
    expect((await sent).ok).toBe(true);
    expect((await asked).value).toBe(2);
    expect(log).toEqual(["1:1", "1:2"]);
    await sup.stop();
  });

  it("ends supervision on a kill through sup.ref, without a restart", async () => {
    const sup = supervise(Worker, { log: [] }, { restart: "always", backoff: NO_BACKOFF });
    await sup.ref.ask("work", 1);
    sup.ref.kill();
    const end = await sup.done;
    expect(end.reason).toBe("stopped");
    expect(end.results).toHaveLength(1);
    expect(end.results[0]?.killed).toBe(true);
    expect(sup.ref.isAlive()).toBe(false);
  });

  it("refuses sends after sup.stop() and hands out no ref through upgrade() after the end", async () => {
    const sup = supervise(Worker, { log: [] });
    const weak = sup.ref.downgrade();
    expect(weak.upgrade()?.identity()).toBe(sup.ref.identity());
    await sup.stop();
    expect((await sup.ref.tell("work", 1)).error?.kind).toBe("stopped");
    await sup.done;
    expect(weak.upgrade()).toBeUndefined();
  });

  it("stops supervision when every clone of sup.ref is garbage-collected", async () => {
    const start = (): { done: Promise<{ reason: string }>; weak: { isAlive(): boolean } } => {
      const sup = supervise(Worker, { log: [] }, { restart: "always", backoff: NO_BACKOFF });
      const clone: ActorRef<Worker> | undefined = sup.ref.downgrade().upgrade();
      void clone?.tell("work", 1);
      return { done: sup.done, weak: sup.ref.downgrade() };
    };
    const { done, weak } = start();
    expect(weak.isAlive()).toBe(true);
    for (let i = 0; i < 10 && weak.isAlive(); i++) {
      await sleep(5);
      fullGc();
    }
    const end = await done;
    expect(end.reason).toBe("stopped");
  });
});
