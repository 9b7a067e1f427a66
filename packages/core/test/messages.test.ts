import { Actor, type ActorRef, isActorError, spawn } from "@tsactor/core";
import { Result } from "typescript-result";
import { describe, expect, it } from "vitest";
import { gate, settle } from "./helpers.ts";

class Base extends Actor {
  log: string[] = [];
  greet(name: string): string {
    this.log.push(`base:${name}`);
    return `hello ${name}`;
  }
  inherited(): string {
    return "from base";
  }
}

class Greeter extends Base {
  #secretCalls = 0;
  shout = (text: string): string => text.toUpperCase();

  override greet(name: string): string {
    this.log.push(`greeter:${name}`);
    return `hi ${name}`;
  }

  secretCount(): number {
    return this.#secretCalls;
  }

  #secret(): void {
    this.#secretCalls += 1;
  }

  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: reached at run time through a ref
  private tsPrivate(): string {
    this.#secret();
    return "reachable at run time";
  }

  validate(n: number): Result<number, string> {
    return n < 0 ? Result.error("negative") : Result.ok(n * 2);
  }

  selfName(_payload: undefined, self: ActorRef<Greeter>): string {
    return String(self.identity());
  }

  usesPayloadOnly(n: number): number {
    return n + 1;
  }
}

describe("handler lookup", () => {
  it("calls the most derived public method", async () => {
    const [ref] = spawn(Greeter);
    expect((await ref.ask("greet", "ada")).value).toBe("hi ada");
    expect((await ref.ask("inherited")).value).toBe("from base");
    ref.kill();
  });

  it("treats function-valued public fields as handlers", async () => {
    const [ref] = spawn(Greeter);
    expect((await ref.ask("shout", "hey")).value).toBe("HEY");
    ref.kill();
  });

  it("answers unknown-message for names that are not handlers, without crashing", async () => {
    const [ref] = spawn(Greeter);
    const send = ref as unknown as {
      ask(name: string, payload?: unknown): Promise<Result<unknown, Error>>;
      tell(name: string, payload?: unknown): Promise<Result<void, Error>>;
      tryTell(name: string, payload?: unknown): Result<void, Error>;
    };
    for (const name of ["nope", "onStart", "onRun", "onStop", "constructor", "log", "#secret"]) {
      const asked = await send.ask(name);
      expect(isActorError(asked.error, "unknown-message")).toBe(true);
      expect(isActorError((await send.tell(name)).error, "unknown-message")).toBe(true);
      expect(isActorError(send.tryTell(name).error, "unknown-message")).toBe(true);
    }
    expect((await ref.ask("greet", "bob")).value).toBe("hi bob");
    expect(ref.isAlive()).toBe(true);
    ref.kill();
  });

  it("reaches TypeScript-private methods at run time but never #private ones", async () => {
    const [ref] = spawn(Greeter);
    const loose = ref as unknown as { ask(name: string): Promise<Result<unknown, Error>> };
    expect((await loose.ask("tsPrivate")).value).toBe("reachable at run time");
    expect((await ref.ask("secretCount")).value).toBe(1);
    ref.kill();
  });

  it("passes the actor's own ref as the second parameter when the handler declares it", async () => {
    const [ref] = spawn(Greeter);
    expect((await ref.ask("selfName")).value).toBe(String(ref.identity()));
    ref.kill();
  });

  it("does not flatten a handler's own Result", async () => {
    const [ref] = spawn(Greeter);
    const good = await ref.ask("validate", 2);
    expect(good.ok).toBe(true);
    expect(good.value?.ok).toBe(true);
    expect(good.value?.value).toBe(4);
    const bad = await ref.ask("validate", -1);
    expect(bad.ok).toBe(true);
    expect(bad.value?.ok).toBe(false);
    expect(bad.value?.error).toBe("negative");
    expect(ref.isAlive()).toBe(true);
    ref.kill();
  });
});

class Sequencer extends Actor {
  events: string[] = [];
  inFlight = 0;
  maxInFlight = 0;

  async slow(label: string): Promise<string> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.events.push(`start:${label}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.events.push(`end:${label}`);
    this.inFlight -= 1;
    return label;
  }

  fast(label: string): string {
    this.events.push(`fast:${label}`);
    return label;
  }
}

describe("message handling", () => {
  it("handles one message at a time, in mailbox order, awaiting async handlers", async () => {
    const [ref, done] = spawn(Sequencer);
    void ref.tell("slow", "a");
    void ref.tell("fast", "b");
    const last = ref.ask("slow", "c");
    void ref.tell("fast", "d");
    expect((await last).value).toBe("c");
    await ref.stop();
    const actor = (await done).actor;
    expect(actor?.events).toEqual(["start:a", "end:a", "fast:b", "start:c", "end:c", "fast:d"]);
    expect(actor?.maxInFlight).toBe(1);
  });

  it("resolves tell once the message is queued, before it is handled", async () => {
    const hold = gate();
    class Holder extends Actor {
      handled: number[] = [];
      async block(): Promise<void> {
        await hold.promise;
      }
      note(n: number): void {
        this.handled.push(n);
      }
    }
    const [ref, done] = spawn(Holder);
    void ref.tell("block");
    const sent = await ref.tell("note", 1);
    expect(sent.ok).toBe(true);
    await settle();
    hold.open();
    await ref.stop();
    expect((await done).actor?.handled).toEqual([1]);
  });

  it("returns the same settled promise from every tell that finds room", () => {
    const [ref] = spawn(Sequencer, undefined, { mailboxCapacity: 8 });
    expect(ref.tell("fast", "x")).toBe(ref.tell("fast", "y"));
    ref.kill();
  });

  it("interleaves handlers and onRun only at await points", async () => {
    const trace: string[] = [];
    class Interleaved extends Actor {
      async onRun(): Promise<void> {
        trace.push("run:1");
        await Promise.resolve();
        trace.push("run:2");
      }
      step(n: number): void {
        trace.push(`step:${n}:a`);
        trace.push(`step:${n}:b`);
      }
    }
    const [ref] = spawn(Interleaved);
    void ref.tell("step", 1);
    void ref.tell("step", 2);
    await settle();
    for (let i = 0; i < trace.length; i++) {
      if (trace[i]?.endsWith(":a")) expect(trace[i + 1]).toBe(trace[i]?.replace(":a", ":b"));
    }
    expect(trace).toContain("run:2");
    ref.kill();
  });

  it("yields to the event loop during a long synchronous burst", async () => {
    let left = -1;
    class Chatty extends Actor {
      spin(n: number, self: ActorRef<Chatty>): void {
        left = n;
        if (n > 0) self.tryTell("spin", n - 1);
      }
    }
    const [ref] = spawn(Chatty);
    let leftWhenImmediateRan = -1;
    void ref.tell("spin", 20_000);
    setImmediate(() => {
      leftWhenImmediateRan = left;
    });
    while (left !== 0) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(leftWhenImmediateRan).toBeGreaterThan(0);
    ref.kill();
  });
});
