import {
  Actor,
  type ActorRef,
  type ActorWeak,
  isActorError,
  isFailed,
  spawn,
  type Unprocessed,
  wasKilled,
} from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { collectDeadLetters, gate, settle } from "./helpers.ts";

/** Records every hook and message in one trace. */
class Traced extends Actor<{ trace: string[]; failStart?: boolean }> {
  trace: string[] = [];
  stopArgs: { killed: boolean; unprocessed: Unprocessed } | undefined;

  async onStart(args: { trace: string[]; failStart?: boolean }): Promise<void> {
    this.trace = args.trace;
    this.trace.push("onStart");
    if (args.failStart === true) throw new Error("no start");
  }

  onStop(_self: ActorWeak<Traced>, killed: boolean, unprocessed: Unprocessed): void {
    this.stopArgs = { killed, unprocessed };
    this.trace.push(`onStop:${killed}`);
  }

  note(label: string): string {
    this.trace.push(label);
    return label;
  }

  boom(message: string): never {
    this.trace.push("boom");
    throw new Error(message);
  }

  async asyncBoom(message: string): Promise<never> {
    await Promise.resolve();
    this.trace.push("asyncBoom");
    throw new Error(message);
  }

  async wait(until: Promise<void>): Promise<void> {
    this.trace.push("wait:start");
    await until;
    this.trace.push("wait:end");
  }

  stopSelf(_payload: undefined, self: ActorRef<Traced>): Promise<void> {
    this.trace.push("stopSelf");
    return self.stop();
  }

  killSelf(_payload: undefined, self: ActorRef<Traced>): string {
    this.trace.push("killSelf");
    self.kill();
    this.trace.push("killSelf:after");
    return "killed myself";
  }
}

describe("onStart", () => {
  it("fails the actor in phase onStart and runs no other hook", async () => {
    const trace: string[] = [];
    class WithRun extends Traced {
      async onRun(): Promise<void> {
        this.trace.push("onRun");
      }
    }
    const [ref, done] = spawn(WithRun, { trace, failStart: true });
    const result = await done;
    expect(result.status).toBe("failed");
    if (!isFailed(result)) throw new Error("expected a failure");
    expect(result.phase).toBe("onStart");
    expect(result.actor).toBeUndefined();
    expect((result.error as Error).message).toBe("no start");
    expect(result.killed).toBe(false);
    expect(trace).toEqual(["onStart"]);
    expect(ref.isAlive()).toBe(false);
  });

  it("answers queued asks stopped and reports queued messages as unprocessed", async () => {
    const letters = collectDeadLetters();
    const [ref, done] = spawn(Traced, { trace: [], failStart: true });
    void ref.tell("note", "a");
    const asked = ref.ask("note", "b");
    const result = await done;
    letters.stop();
    expect(isActorError((await asked).error, "stopped")).toBe(true);
    expect(result.unprocessed).toEqual([
      { name: "note", payload: "a", kind: "tell", priority: false },
      { name: "note", payload: "b", kind: "ask", priority: false },
    ]);
    expect(letters.letters.map((l) => [l.name, l.payload, l.reason])).toEqual([
      ["note", "a", "discarded-at-shutdown"],
      ["note", "b", "discarded-at-shutdown"],
    ]);
  });

  it("fails on a synchronous throw too", async () => {
    class SyncFail extends Actor {
      onStart(): void {
        throw new TypeError("bad");
      }
    }
    const result = await spawn(SyncFail)[1];
    expect(result.status === "failed" && result.phase).toBe("onStart");
  });

  it("receives the spawn arguments and a working ref to its own actor", async () => {
    let seen: string | undefined;
    class Introspective extends Actor<{ n: number }> {
      n = 0;
      onStart(args: { n: number }, ref: ActorRef<Introspective>): void {
        this.n = args.n;
        seen = String(ref.identity());
        void ref.tell("bump");
      }
      bump(): void {
        this.n += 1;
      }
    }
    const [ref, done] = spawn(Introspective, { n: 41 });
    await settle();
    await ref.stop();
    expect((await done).actor?.n).toBe(42);
    expect(seen).toBe(String(ref.identity()));
  });
});

describe("onRun", () => {
  it("runs alongside the message loop and sees its signal abort when stop() is called", async () => {
    const release = gate();
    const observed: boolean[] = [];
    class Runner extends Actor {
      signal: AbortSignal | undefined;
      handled = 0;
      async onRun(_self: ActorWeak<Runner>, signal: AbortSignal): Promise<void> {
        this.signal = signal;
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      }
      async work(): Promise<void> {
        await release.promise;
        observed.push(this.signal?.aborted === true);
        this.handled += 1;
      }
    }
    const [ref, done] = spawn(Runner);
    void ref.tell("work");
    void ref.tell("work");
    await settle();
    await ref.stop();
    release.open();
    const result = await done;
    expect(result.status).toBe("completed");
    expect(result.actor?.handled).toBe(2);
    expect(observed).toEqual([true, true]);
  });

  it("keeps the actor serving after onRun resolves", async () => {
    class Quick extends Actor {
      ran = false;
      onRun(): void {
        this.ran = true;
      }
      ping(): string {
        return "pong";
      }
    }
    const [ref, done] = spawn(Quick);
    await settle();
    expect((await ref.ask("ping")).value).toBe("pong");
    await ref.stop();
    expect((await done).actor?.ran).toBe(true);
  });

  it("fails the actor in phase onRun on rejection, and still runs onStop", async () => {
    const trace: string[] = [];
    class Failing extends Traced {
      async onRun(): Promise<void> {
        await Promise.resolve();
        throw new Error("poller died");
      }
    }
    const [, done] = spawn(Failing, { trace });
    const result = await done;
    expect(result.status === "failed" && result.phase).toBe("onRun");
    expect(result.status === "failed" && (result.error as Error).message).toBe("poller died");
    expect(result.actor).toBeDefined();
    expect(trace).toEqual(["onStart", "onStop:false"]);
  });

  it("fails in phase onRun on a synchronous throw", async () => {
    class SyncRun extends Actor {
      onRun(): void {
        throw new Error("sync");
      }
    }
    const result = await spawn(SyncRun)[1];
    expect(result.status === "failed" && result.phase).toBe("onRun");
  });

  it("ends normally when onRun rejects with the abort reason or an AbortError after abort", async () => {
    class ReasonRun extends Actor {
      async onRun(_self: ActorWeak<ReasonRun>, signal: AbortSignal): Promise<void> {
        await new Promise((_, reject) =>
          signal.addEventListener("abort", () => reject(signal.reason)),
        );
      }
    }
    class AbortErrorRun extends Actor {
      async onRun(_self: ActorWeak<AbortErrorRun>, signal: AbortSignal): Promise<void> {
        await new Promise((_, reject) =>
          signal.addEventListener("abort", () =>
            reject(Object.assign(new Error("aborted"), { name: "AbortError" })),
          ),
        );
      }
    }
    for (const Cls of [ReasonRun, AbortErrorRun]) {
      const [ref, done] = spawn(Cls as typeof ReasonRun);
      await settle();
      await ref.stop();
      expect((await done).status).toBe("completed");
    }
  });

  it("fails when onRun rejects with another error after the abort", async () => {
    class Sloppy extends Actor {
      async onRun(_self: ActorWeak<Sloppy>, signal: AbortSignal): Promise<void> {
        await new Promise((_, reject) =>
          signal.addEventListener("abort", () => reject(new Error("cleanup failed"))),
        );
      }
    }
    const [ref, done] = spawn(Sloppy);
    await settle();
    await ref.stop();
    const result = await done;
    expect(result.status === "failed" && result.phase).toBe("onRun");
  });

  it("makes a graceful stop wait for onRun before onStop", async () => {
    const trace: string[] = [];
    class Slow extends Traced {
      async onRun(_self: ActorWeak<Slow>, signal: AbortSignal): Promise<void> {
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        await new Promise((resolve) => setTimeout(resolve, 5));
        this.trace.push("onRun:end");
      }
    }
    const [ref, done] = spawn(Slow, { trace });
    await settle();
    await ref.stop();
    await done;
    expect(trace).toEqual(["onStart", "onRun:end", "onStop:false"]);
  });

  it("does not make a kill wait for onRun", async () => {
    const trace: string[] = [];
    class Stuck extends Traced {
      async onRun(): Promise<void> {
        await new Promise(() => {});
      }
    }
    const [ref, done] = spawn(Stuck, { trace });
    await settle();
    ref.kill();
    const result = await done;
    expect(wasKilled(result)).toBe(true);
    expect(trace).toEqual(["onStart", "onStop:true"]);
  });

  it("lets a kill end a graceful stop that waits for onRun", async () => {
    class Stuck extends Traced {
      async onRun(): Promise<void> {
        await new Promise(() => {});
      }
    }
    const [ref, done] = spawn(Stuck, { trace: [] });
    await settle();
    await ref.stop();
    await settle();
    expect(ref.isAlive()).toBe(false);
    ref.kill();
    const result = await done;
    expect(result.status).toBe("completed");
    expect(result.killed).toBe(true);
  });

  it("gives onRun a weak self that upgrades while the actor runs", async () => {
    let upgraded: string | undefined;
    class SelfTalk extends Actor {
      pings = 0;
      async onRun(self: ActorWeak<SelfTalk>): Promise<void> {
        const ref = self.upgrade();
        upgraded = ref === undefined ? undefined : String(ref.identity());
        await ref?.tell("ping");
      }
      ping(): void {
        this.pings += 1;
      }
    }
    const [ref, done] = spawn(SelfTalk);
    await settle();
    await ref.stop();
    expect((await done).actor?.pings).toBe(1);
    expect(upgraded).toBe(String(ref.identity()));
  });
});

describe("handler crash", () => {
  it("answers the asker handler-failed, queued asks stopped, and fails in phase onMessage", async () => {
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    const crash = ref.ask("boom", "kaput");
    void ref.tell("note", "queued-tell");
    const queuedAsk = ref.ask("note", "queued-ask");
    const crashed = await crash;
    expect(isActorError(crashed.error, "handler-failed")).toBe(true);
    expect((crashed.error?.cause as Error | undefined)?.message).toBe("kaput");
    expect(crashed.error?.identity).toBe(ref.identity());
    expect(isActorError((await queuedAsk).error, "stopped")).toBe(true);
    const result = await done;
    if (!isFailed(result)) throw new Error("expected a failure");
    expect(result.phase).toBe("onMessage");
    expect((result.error as Error).message).toBe("kaput");
    expect(result.killed).toBe(false);
    expect(result.actor?.stopArgs?.killed).toBe(false);
    expect(result.unprocessed.map((m) => m.payload)).toEqual(["queued-tell", "queued-ask"]);
    expect(result.actor?.stopArgs?.unprocessed).toBe(result.unprocessed);
    expect(trace).toEqual(["onStart", "boom", "onStop:false"]);
  });

  it("crashes on an async rejection as on a throw", async () => {
    const [ref, done] = spawn(Traced, { trace: [] });
    const crashed = await ref.ask("asyncBoom", "later");
    expect(isActorError(crashed.error, "handler-failed")).toBe(true);
    const result = await done;
    expect(result.status === "failed" && result.phase).toBe("onMessage");
  });

  it("crashes on a throwing tell, with nobody to answer", async () => {
    const [ref, done] = spawn(Traced, { trace: [] });
    const sent = await ref.tell("boom", "silent");
    expect(sent.ok).toBe(true);
    const result = await done;
    expect(result.status === "failed" && result.phase).toBe("onMessage");
    expect(ref.isAlive()).toBe(false);
  });

  it("aborts the onRun signal on a crash", async () => {
    let signal: AbortSignal | undefined;
    class Watched extends Actor {
      async onRun(_self: ActorWeak<Watched>, s: AbortSignal): Promise<void> {
        signal = s;
        await new Promise(() => {});
      }
      boom(): void {
        throw new Error("x");
      }
    }
    const [ref, done] = spawn(Watched);
    await settle();
    void ref.tell("boom");
    await done;
    expect(signal?.aborted).toBe(true);
  });
});

describe("onStop", () => {
  it("fails in phase onStop when it throws after a graceful stop", async () => {
    class BadStop extends Actor {
      onStop(): void {
        throw new Error("flush failed");
      }
    }
    const [ref, done] = spawn(BadStop);
    await ref.stop();
    const result = await done;
    if (!isFailed(result)) throw new Error("expected a failure");
    expect(result.phase).toBe("onStop");
    expect((result.error as Error).message).toBe("flush failed");
    expect(result.actor).toBeInstanceOf(BadStop);
    expect("stopError" in result).toBe(false);
  });

  it("keeps the earlier phase and sets stopError when onStop also fails", async () => {
    class Twice extends Actor {
      async onStop(): Promise<void> {
        throw new Error("stop too");
      }
      boom(): void {
        throw new Error("first");
      }
    }
    const [ref, done] = spawn(Twice);
    void ref.tell("boom");
    const result = await done;
    if (!isFailed(result)) throw new Error("expected a failure");
    expect(result.phase).toBe("onMessage");
    expect((result.error as Error).message).toBe("first");
    expect((result.stopError as Error).message).toBe("stop too");
  });

  it("keeps killed when onStop fails after a kill", async () => {
    class BadStop extends Actor {
      onStop(): void {
        throw new Error("x");
      }
    }
    const [ref, done] = spawn(BadStop);
    ref.kill();
    const result = await done;
    expect(result.status).toBe("failed");
    expect(result.killed).toBe(true);
  });
});

describe("stop", () => {
  it("handles everything queued before the marker and refuses what comes after", async () => {
    const letters = collectDeadLetters();
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    void ref.tell("note", "t1");
    const a1 = ref.ask("note", "a1");
    void ref.tell("note", "t2");
    await ref.stop();
    const late = await ref.tell("note", "late");
    const lateAsk = await ref.ask("note", "late-ask");
    expect(isActorError(late.error, "stopped")).toBe(true);
    expect(isActorError(lateAsk.error, "stopped")).toBe(true);
    expect(ref.tryTell("note", "late-try").error?.kind).toBe("stopped");
    expect((await a1).value).toBe("a1");
    const result = await done;
    letters.stop();
    expect(result.status).toBe("completed");
    expect(result.killed).toBe(false);
    expect(result.unprocessed).toEqual([]);
    expect(trace).toEqual(["onStart", "t1", "a1", "t2", "onStop:false"]);
    expect(letters.letters.map((l) => [l.payload, l.reason])).toEqual([
      ["late", "stopped"],
      ["late-ask", "stopped"],
      ["late-try", "stopped"],
    ]);
  });

  it("resolves stop() once the marker is placed, before the actor has ended", async () => {
    const hold = gate();
    const [ref, done] = spawn(Traced, { trace: [] });
    void ref.tell("wait", hold.promise);
    await settle();
    await ref.stop();
    expect(ref.isAlive()).toBe(true);
    hold.open();
    await ref.waitStopped();
    expect(ref.isAlive()).toBe(false);
    expect((await done).status).toBe("completed");
  });

  it("is harmless when repeated or called after the end", async () => {
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    const first = ref.stop();
    const second = ref.stop();
    await Promise.all([first, second]);
    await done;
    await ref.stop();
    ref.kill();
    await ref.waitStopped();
    expect(trace.filter((t) => t.startsWith("onStop"))).toEqual(["onStop:false"]);
    expect((await done).killed).toBe(false);
  });

  it("lets a handler stop its own actor", async () => {
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    const stopped = ref.ask("stopSelf");
    void ref.tell("note", "after-marker-but-queued-before");
    expect((await stopped).ok).toBe(true);
    const result = await done;
    expect(result.status).toBe("completed");
    expect(trace).toEqual([
      "onStart",
      "stopSelf",
      "after-marker-but-queued-before",
      "onStop:false",
    ]);
  });

  it("handles messages queued during onStart when stopped before onStart finished", async () => {
    const release = gate();
    class SlowStart extends Traced {
      ran = false;
      override async onStart(args: { trace: string[] }): Promise<void> {
        this.trace = args.trace;
        await release.promise;
      }
      async onRun(): Promise<void> {
        this.ran = true;
      }
    }
    const trace: string[] = [];
    const [ref, done] = spawn(SlowStart, { trace });
    void ref.tell("note", "early");
    await ref.stop();
    release.open();
    const result = await done;
    expect(trace).toEqual(["early", "onStop:false"]);
    expect(result.actor?.ran).toBe(false);
  });
});

describe("kill", () => {
  it("lets the running handler finish and handles nothing else queued", async () => {
    const letters = collectDeadLetters();
    const hold = gate();
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    void ref.tell("wait", hold.promise);
    void ref.tell("note", "t1");
    const queuedAsk = ref.ask("note", "a1");
    void ref.tell("note", "t2");
    await settle();
    ref.kill();
    expect(ref.isAlive()).toBe(true);
    hold.open();
    const result = await done;
    letters.stop();
    expect(isActorError((await queuedAsk).error, "stopped")).toBe(true);
    expect(result.status).toBe("completed");
    expect(result.killed).toBe(true);
    expect(trace).toEqual(["onStart", "wait:start", "wait:end", "onStop:true"]);
    expect(result.unprocessed.map((m) => [m.payload, m.kind])).toEqual([
      ["t1", "tell"],
      ["a1", "ask"],
      ["t2", "tell"],
    ]);
    expect(letters.letters.map((l) => [l.payload, l.reason])).toEqual([
      ["t1", "discarded-at-shutdown"],
      ["a1", "discarded-at-shutdown"],
      ["t2", "discarded-at-shutdown"],
    ]);
  });

  it("ends an idle actor at once: the loop exits synchronously", async () => {
    const [ref, done] = spawn(Traced, { trace: [] });
    await settle();
    ref.kill();
    expect(ref.isAlive()).toBe(false);
    expect((await done).killed).toBe(true);
  });

  it("emits the dead letters of the queued messages before onStop runs", async () => {
    const order: string[] = [];
    const letters = collectDeadLetters();
    class Ordered extends Actor {
      onStop(): void {
        order.push(`onStop after ${letters.letters.length} dead letters`);
      }
      async block(until: Promise<void>): Promise<void> {
        await until;
      }
      note(): void {}
    }
    const hold = gate();
    const [ref, done] = spawn(Ordered);
    void ref.tell("block", hold.promise);
    void ref.tell("note");
    void ref.tell("note");
    await settle();
    ref.kill();
    hold.open();
    await done;
    letters.stop();
    expect(order).toEqual(["onStop after 2 dead letters"]);
  });

  it("overrides a graceful stop that is still draining", async () => {
    const hold = gate();
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    void ref.tell("wait", hold.promise);
    void ref.tell("note", "never");
    await settle();
    await ref.stop();
    ref.kill();
    hold.open();
    const result = await done;
    expect(result.killed).toBe(true);
    expect(trace).not.toContain("never");
    expect(result.unprocessed.map((m) => m.payload)).toEqual(["never"]);
  });

  it("changes nothing once onStop has begun", async () => {
    const inStop = gate();
    const finishStop = gate();
    class SlowStop extends Actor {
      killedArg: boolean | undefined;
      async onStop(_self: ActorWeak<SlowStop>, killed: boolean): Promise<void> {
        this.killedArg = killed;
        inStop.open();
        await finishStop.promise;
      }
    }
    const [ref, done] = spawn(SlowStop);
    await ref.stop();
    await inStop.promise;
    ref.kill();
    ref.kill();
    finishStop.open();
    const result = await done;
    expect(result.killed).toBe(false);
    expect(result.actor?.killedArg).toBe(false);
  });

  it("is harmless when repeated", async () => {
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    await settle();
    ref.kill();
    ref.kill();
    await ref.stop();
    await done;
    ref.kill();
    expect(trace.filter((t) => t.startsWith("onStop"))).toEqual(["onStop:true"]);
  });

  it("lets a handler kill its own actor: the handler finishes and is answered", async () => {
    const trace: string[] = [];
    const [ref, done] = spawn(Traced, { trace });
    const reply = ref.ask("killSelf");
    void ref.tell("note", "never");
    expect((await reply).value).toBe("killed myself");
    const result = await done;
    expect(result.killed).toBe(true);
    expect(trace).toEqual(["onStart", "killSelf", "killSelf:after", "onStop:true"]);
    expect(result.unprocessed.map((m) => m.payload)).toEqual(["never"]);
  });

  it("during onStart handles nothing but still runs onStop once onStart succeeds", async () => {
    const release = gate();
    class SlowStart extends Traced {
      override async onStart(args: { trace: string[] }): Promise<void> {
        this.trace = args.trace;
        await release.promise;
        this.trace.push("started");
      }
    }
    const trace: string[] = [];
    const [ref, done] = spawn(SlowStart, { trace });
    void ref.tell("note", "queued");
    ref.kill();
    release.open();
    const result = await done;
    expect(trace).toEqual(["started", "onStop:true"]);
    expect(result.killed).toBe(true);
    expect(result.unprocessed.map((m) => m.payload)).toEqual(["queued"]);
  });
});

describe("waitStopped and isAlive", () => {
  it("reports the end through both", async () => {
    const [ref] = spawn(Traced, { trace: [] });
    expect(ref.isAlive()).toBe(true);
    const waited = ref.waitStopped();
    await ref.stop();
    await waited;
    expect(ref.isAlive()).toBe(false);
    await ref.waitStopped();
  });
});
