import { Actor, type ActorResult, supervise } from "@tsactor/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { nextGeneration, nextRestart, Worker } from "./fixtures.ts";

const NO_BACKOFF = { initialMs: 0 };

class Finisher extends Actor<{ runs: number[] }> {
  onStart(args: { runs: number[] }, ref: { stop(): Promise<void> }): void {
    args.runs.push(args.runs.length);
    void ref.stop(); // completes at once
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("supervise: restart policies", () => {
  it('"on-failure" restarts a failed incarnation and ends "completed" when one completes', async () => {
    const log: string[] = [];
    const sup = supervise(Worker, { log }, { backoff: NO_BACKOFF, nextArgs: nextGeneration });
    await sup.ref.tell("work", 1);
    await sup.ref.tell("work", -1);
    await sup.ref.tell("work", 2);
    expect((await sup.ref.ask("generation_")).value).toBe(1);
    await sup.stop();
    const end = await sup.done;
    expect(end.reason).toBe("stopped");
    expect(end.results.map((result) => result.status)).toEqual(["failed", "completed"]);
    expect(log).toEqual(["0:1", "1:2"]);
  });

  it('"on-failure" does not restart a completed incarnation', async () => {
    const runs: number[] = [];
    const sup = supervise(Finisher, { runs }, { backoff: NO_BACKOFF });
    const end = await sup.done;
    expect(end.reason).toBe("completed");
    expect(runs).toEqual([0]);
    expect(sup.ref.isAlive()).toBe(false);
  });

  it('"always" restarts completed incarnations too, until the intensity limit', async () => {
    const runs: number[] = [];
    const sup = supervise(
      Finisher,
      { runs },
      { restart: "always", backoff: NO_BACKOFF, maxRestarts: 4 },
    );
    const end = await sup.done;
    expect(end.reason).toBe("gave-up");
    expect(runs).toEqual([0, 1, 2, 3, 4]);
    expect(end.results.every((result) => result.status === "completed")).toBe(true);
  });

  it('"never" ends "failed" after a failure, without restarting', async () => {
    const log: string[] = [];
    const restarts = vi.fn();
    const sup = supervise(Worker, { log }, { restart: "never" });
    sup.events.on("restart", restarts);
    await sup.ref.tell("work", -1);
    const end = await sup.done;
    expect(end.reason).toBe("failed");
    expect(end.results).toHaveLength(1);
    expect(restarts).not.toHaveBeenCalled();
  });

  it('"never" ends "completed" when the incarnation completes', async () => {
    const sup = supervise(Finisher, { runs: [] }, { restart: "never" });
    expect((await sup.done).reason).toBe("completed");
  });

  it("gives up after more than maxRestarts failures and emits give-up", async () => {
    const sup = supervise(Worker, { log: [] }, { maxRestarts: 2, backoff: NO_BACKOFF });
    const restarts = vi.fn();
    const giveUp = vi.fn();
    sup.events.on("restart", restarts);
    sup.events.on("give-up", giveUp);
    for (let i = 1; i <= 2; i++) {
      const restarted = nextRestart(sup);
      await sup.ref.tell("work", -1);
      await restarted;
    }
    expect(giveUp).not.toHaveBeenCalled();
    await sup.ref.tell("work", -1);
    const end = await sup.done;
    expect(end.reason).toBe("gave-up");
    expect(end.results).toHaveLength(3);
    expect(giveUp).toHaveBeenCalledTimes(1);
    expect(giveUp.mock.calls[0]?.[0]).toMatchObject({ cause: "intensity" });
    expect(giveUp.mock.calls[0]?.[0].result).toBe(end.results[2]);
  });

  it("maxRestarts 0 gives up at the first failure", async () => {
    const sup = supervise(Worker, { log: [] }, { maxRestarts: 0 });
    await sup.ref.tell("work", -1);
    expect((await sup.done).reason).toBe("gave-up");
  });

  it("counts restarts in a sliding window: old restarts no longer count", async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const sup = supervise(Worker, { log }, { maxRestarts: 2, withinMs: 1000, backoff: NO_BACKOFF });
    const restarts: number[] = [];
    sup.events.on("restart", ({ attempt }) => restarts.push(attempt));
    for (let i = 0; i < 6; i++) {
      const restarted = nextRestart(sup);
      await sup.ref.tell("work", -1);
      await restarted;
      await vi.advanceTimersByTimeAsync(600); // two restarts per 1000 ms window at most
    }
    expect(sup.ref.isAlive()).toBe(true);
    await sup.ref.tell("work", -1);
    await sup.ref.tell("work", -1);
    const end = await sup.done;
    expect(end.reason).toBe("gave-up");
    expect(restarts).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("treats a failed onStart like any failure", async () => {
    const sup = supervise(
      Worker,
      { log: [], failStart: true },
      { maxRestarts: 2, backoff: NO_BACKOFF },
    );
    const end = await sup.done;
    expect(end.reason).toBe("gave-up");
    expect(end.results).toHaveLength(3);
    expect(end.results.every((r) => r.status === "failed" && r.phase === "onStart")).toBe(true);
  });

  it("rejects invalid options with an error that names the option", () => {
    expect(() => supervise(Worker, { log: [] }, { maxRestarts: -1 })).toThrow(/maxRestarts/);
    expect(() => supervise(Worker, { log: [] }, { withinMs: 0 })).toThrow(/withinMs/);
    expect(() => supervise(Worker, { log: [] }, { backoff: { initialMs: -5 } })).toThrow(
      /backoff.initialMs/,
    );
    expect(() =>
      supervise(Worker, { log: [] }, { backoff: { initialMs: 100, maxMs: 50 } }),
    ).toThrow(/backoff.maxMs/);
    expect(() =>
      supervise(Worker, { log: [] }, { restart: "sometimes" as unknown as "always" }),
    ).toThrow(/restart/);
  });
});

describe("supervise: backoff", () => {
  it("doubles the delay with ±20 % jitter up to maxMs, then resets after a healthy run", async () => {
    vi.useFakeTimers();
    const delays: number[] = [];
    const sup = supervise(
      Worker,
      { log: [] },
      { maxRestarts: 100, withinMs: 1, backoff: { initialMs: 100, maxMs: 1000 } },
    );
    sup.events.on("restart", ({ delay }) => delays.push(delay));
    const crashAndRestart = async () => {
      const restarted = nextRestart(sup);
      await sup.ref.tell("work", -1);
      const { delay } = await restarted;
      await vi.advanceTimersByTimeAsync(Math.ceil(delay) + 1);
    };
    for (let i = 0; i < 6; i++) await crashAndRestart();
    const nominal = [100, 200, 400, 800, 1000, 1000];
    expect(delays).toHaveLength(6);
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual((nominal[i] as number) * 0.8);
      expect(delay).toBeLessThanOrEqual((nominal[i] as number) * 1.2);
    });
    await vi.advanceTimersByTimeAsync(1001); // a healthy run: longer than maxMs
    await crashAndRestart();
    expect(delays[6]).toBeGreaterThanOrEqual(80);
    expect(delays[6]).toBeLessThanOrEqual(120);
    await sup.stop();
    expect((await sup.done).reason).toBe("stopped");
  });

  it("keeps the ref alive during the backoff and delivers what was sent meanwhile", async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const sup = supervise(
      Worker,
      { log },
      { backoff: { initialMs: 5000 }, nextArgs: nextGeneration },
    );
    await sup.ref.tell("work", -1);
    await vi.advanceTimersByTimeAsync(100);
    expect(sup.ref.isAlive()).toBe(true);
    const sent = sup.ref.tell("work", 7);
    const asked = sup.ref.ask("generation_");
    await vi.advanceTimersByTimeAsync(7000);
    expect((await sent).ok).toBe(true);
    expect((await asked).value).toBe(1);
    expect(log).toEqual(["1:7"]);
    await sup.stop();
  });

  it("stop() during a backoff ends supervision at once", async () => {
    vi.useFakeTimers();
    const sup = supervise(Worker, { log: [] }, { backoff: { initialMs: 60_000 } });
    await sup.ref.tell("work", -1);
    await vi.advanceTimersByTimeAsync(10);
    const waiting = sup.ref.tell("work", 1);
    await sup.stop();
    const end = await sup.done;
    expect(end.reason).toBe("stopped");
    expect(end.results).toHaveLength(1);
    const sent = await waiting;
    expect(sent.ok).toBe(false);
    expect(sent.error?.kind).toBe("stopped");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("supervise: nextArgs", () => {
  it("gives the next incarnation the arguments built from the last result", async () => {
    const seen: ActorResult<Worker>[] = [];
    const log: string[] = [];
    const sup = supervise(
      Worker,
      { log },
      {
        backoff: NO_BACKOFF,
        nextArgs: (last) => {
          seen.push(last);
          return nextGeneration(last);
        },
      },
    );
    await sup.ref.tell("work", 1);
    await sup.ref.tell("work", -1);
    await sup.ref.tell("work", 2);
    await sup.ref.tell("work", -2);
    await sup.ref.tell("work", 3);
    expect((await sup.ref.ask("generation_")).value).toBe(2);
    expect(seen).toHaveLength(2);
    expect(seen[0]?.status).toBe("failed");
    expect(seen[0]?.actor?.generation).toBe(0);
    expect(log).toEqual(["0:1", "1:2", "2:3"]);
    await sup.stop();
  });

  it("gives up when nextArgs throws, with the error in the result and the event", async () => {
    const problem = new Error("no state to hand over");
    const sup = supervise(
      Worker,
      { log: [] },
      {
        backoff: NO_BACKOFF,
        nextArgs: () => {
          throw problem;
        },
      },
    );
    const giveUp = vi.fn();
    sup.events.on("give-up", giveUp);
    await sup.ref.tell("work", -1);
    const end = await sup.done;
    expect(end.reason).toBe("gave-up");
    expect(end.error).toBe(problem);
    expect(giveUp.mock.calls[0]?.[0]).toMatchObject({ cause: "next-args", error: problem });
  });
});
