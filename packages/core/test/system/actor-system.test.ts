import {
  Actor,
  type ActorWeak,
  createActorSystem,
  isActorSystemClosedError,
  spawn,
} from "@tsactor/core";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.useRealTimers();
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface StageArgs {
  readonly name: string;
  readonly log: string[];
  /** How long onStop takes. */
  readonly stopMs?: number;
  /** onStop never settles. */
  readonly hang?: boolean;
}

/** Logs when its stop is requested (onRun's signal) and when its onStop starts and ends. */
class Stage extends Actor<StageArgs> {
  args: StageArgs = { name: "", log: [] };
  handled = 0;

  onStart(args: StageArgs): void {
    this.args = args;
  }

  onRun(_self: ActorWeak<Stage>, signal: AbortSignal): void {
    signal.addEventListener("abort", () => this.args.log.push(`${this.args.name}:stop`));
  }

  async onStop(_self: ActorWeak<Stage>, killed: boolean): Promise<void> {
    this.args.log.push(`${this.args.name}:onStop${killed ? ":killed" : ""}`);
    if (this.args.hang === true) await new Promise(() => {});
    await sleep(this.args.stopMs ?? 0);
    this.args.log.push(`${this.args.name}:ended`);
  }

  async work(ms: number): Promise<void> {
    await sleep(ms);
    this.handled += 1;
  }

  crash(): void {
    throw new Error("crash");
  }
}

describe("createActorSystem", () => {
  it("finds actors by name until they end, and refuses a name that is taken", async () => {
    const system = createActorSystem({ name: "test" });
    const log: string[] = [];
    const [db, dbDone] = system.spawn(Stage, { name: "db", log }, { name: "db" });
    const sup = system.supervise(Stage, { name: "w", log }, { spawnOptions: { name: "worker" } });
    expect(system.lookup<Stage>("db")).toBe(db);
    expect(system.lookup<Stage>("worker")).toBe(sup.ref);
    expect(system.lookup("nobody")).toBeUndefined();
    expect(() => system.spawn(Stage, { name: "db2", log }, { name: "db" })).toThrow(RangeError);
    expect(() =>
      system.supervise(Stage, { name: "w2", log }, { spawnOptions: { name: "db" } }),
    ).toThrow(/already running/);
    expect(system.size).toBe(2);
    await db.stop();
    await dbDone;
    await sleep(0);
    expect(system.lookup("db")).toBeUndefined();
    expect(system.size).toBe(1);
    const [again] = system.spawn(Stage, { name: "db", log }, { name: "db" });
    expect(system.lookup("db")).toBe(again);
    await system.shutdown();
  });

  it("holds what it tracks: a tracked actor is not stopped when its refs are dropped", async () => {
    const { default: v8 } = await import("node:v8");
    const { default: vm } = await import("node:vm");
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    const system = createActorSystem();
    const log: string[] = [];
    const untracked = (() => spawn(Stage, { name: "free", log })[0].downgrade())();
    const tracked = (() => system.spawn(Stage, { name: "held", log })[0].downgrade())();
    for (let i = 0; i < 10 && untracked.isAlive(); i++) {
      await sleep(5);
      gc();
    }
    expect(untracked.isAlive()).toBe(false);
    expect(tracked.isAlive()).toBe(true);
    await system.shutdown();
    expect(tracked.isAlive()).toBe(false);
  });

  it("refuses to spawn once shutdown has begun", async () => {
    const system = createActorSystem({ name: "closing" });
    system.spawn(Stage, { name: "a", log: [] });
    const shutdown = system.shutdown();
    let error: unknown;
    try {
      system.spawn(Stage, { name: "late", log: [] });
    } catch (caught) {
      error = caught;
    }
    expect(isActorSystemClosedError(error)).toBe(true);
    expect(() => system.supervise(Stage, { name: "late", log: [] })).toThrow(/shutting down/);
    expect(system.shutdown()).toBe(shutdown);
    await shutdown;
  });

  it("stops newest first, each stop beginning once the later ones have ended", async () => {
    const system = createActorSystem();
    const log: string[] = [];
    system.spawn(Stage, { name: "a", log, stopMs: 10 });
    system.supervise(Stage, { name: "b", log, stopMs: 10 });
    system.spawn(Stage, { name: "c", log, stopMs: 10 });
    await sleep(0); // let them start (onRun)
    const entries = await system.shutdown();
    expect(log).toEqual([
      "c:stop",
      "c:onStop",
      "c:ended",
      "b:stop",
      "b:onStop",
      "b:ended",
      "a:stop",
      "a:onStop",
      "a:ended",
    ]);
    expect(entries.map((entry) => [entry.kind, entry.identity.name, entry.killed])).toEqual([
      ["actor", "Stage", false],
      ["supervised", "Stage", false],
      ["actor", "Stage", false],
    ]);
    const supervised = entries[1];
    expect(supervised?.kind === "supervised" && supervised.result.reason).toBe("stopped");
  });

  it("drains each actor's mailbox gracefully before stopping the next", async () => {
    const system = createActorSystem();
    const [a, aDone] = system.spawn(Stage, { name: "a", log: [] });
    for (let i = 0; i < 5; i++) void a.tell("work", 2);
    const entries = await system.shutdown();
    const result = await aDone;
    expect(result.status === "completed" && result.actor.handled).toBe(5);
    expect(entries[0]?.killed).toBe(false);
  });

  it("reports only the actors that were still running", async () => {
    const system = createActorSystem();
    const [gone] = system.spawn(Stage, { name: "gone", log: [] });
    system.spawn(Stage, { name: "kept", log: [] });
    const failing = system.supervise(Stage, { name: "fails", log: [] }, { restart: "never" });
    gone.kill();
    await failing.ref.tell("crash");
    await failing.done;
    await gone.waitStopped();
    await sleep(0);
    const entries = await system.shutdown();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.kind).toBe("actor");
  });

  it("kills what still runs at the total deadline and reports an onStop that hangs", async () => {
    const system = createActorSystem({ shutdownTimeoutMs: 150, killGraceMs: 50 });
    const log: string[] = [];
    const [oldest, oldestDone] = system.spawn(Stage, { name: "oldest", log });
    const [slow, slowDone] = system.spawn(Stage, { name: "slow", log });
    system.spawn(Stage, { name: "hangs", log, hang: true });
    for (let i = 0; i < 50; i++) void slow.tell("work", 10); // 500 ms to drain
    void oldest.tell("work", 1);
    const started = performance.now();
    const entries = await system.shutdown();
    const took = performance.now() - started;
    expect(entries.map((entry) => [entry.kind, entry.killed])).toEqual([
      ["hung", true],
      ["actor", true],
      ["actor", true],
    ]);
    const slowResult = await slowDone;
    expect(slowResult.killed).toBe(true);
    expect(slowResult.status === "completed" && slowResult.actor.handled).toBeLessThan(50);
    expect((await oldestDone).killed).toBe(true);
    expect(log).toContain("oldest:onStop:killed");
    expect(took).toBeLessThan(2000); // never waited for the hung onStop
  });

  it("rejects invalid options", () => {
    expect(() => createActorSystem({ shutdownTimeoutMs: -1 })).toThrow(/shutdownTimeoutMs/);
    expect(() => createActorSystem({ killGraceMs: Number.NaN })).toThrow(/killGraceMs/);
  });
});

describe("system.handleSignals", () => {
  it("shuts down on the first signal and exits 0 when nothing was killed", async () => {
    const system = createActorSystem();
    const log: string[] = [];
    system.spawn(Stage, { name: "a", log });
    const exited = new Promise<number>((resolve) => {
      system.handleSignals(["SIGUSR2"], { exit: resolve });
    });
    await sleep(0);
    process.emit("SIGUSR2");
    expect(await exited).toBe(0);
    expect(log).toEqual(["a:stop", "a:onStop", "a:ended"]);
    expect(process.listenerCount("SIGUSR2")).toBe(0);
  });

  it("kills at once on the second signal and exits 1", async () => {
    const system = createActorSystem({ shutdownTimeoutMs: 60_000 });
    const [busy, done] = system.spawn(Stage, { name: "busy", log: [] });
    for (let i = 0; i < 100; i++) void busy.tell("work", 20); // 2 s to drain
    let report: ReadonlyArray<{ killed: boolean }> = [];
    const exited = new Promise<number>((resolve) => {
      system.handleSignals(["SIGUSR2"], {
        exit: resolve,
        onShutdown: (entries) => {
          report = entries;
        },
      });
    });
    process.emit("SIGUSR2");
    await sleep(50);
    process.emit("SIGUSR2");
    expect(await exited).toBe(1);
    expect(report[0]?.killed).toBe(true);
    const result = await done;
    expect(result.status === "completed" && result.actor.handled).toBeLessThan(100);
  });
});
