import { Actor, type ActorRef, isActorError, setDeadlockDetection, spawn } from "@tsactor/core";
import type { Result } from "typescript-result";
import { afterEach, describe, expect, it } from "vitest";
import type { ActorError } from "../src/errors/actor-error.ts";

class Selfish extends Actor {
  value = 1;
  peer: ActorRef<Selfish> | undefined;

  get_(): number {
    return this.value;
  }

  askSelfNow(_payload: undefined, self: ActorRef<Selfish>): Promise<Result<number, ActorError>> {
    return self.ask("get_");
  }

  async askSelfLater(
    _payload: undefined,
    self: ActorRef<Selfish>,
  ): Promise<Result<number, ActorError>> {
    await Promise.resolve();
    return self.ask("get_", undefined, { timeout: 200 });
  }

  setPeer(peer: ActorRef<Selfish>): void {
    this.peer = peer;
  }

  async askPeer(): Promise<Result<unknown, ActorError> | undefined> {
    const reply = await this.peer?.ask("askPeerBack");
    return reply;
  }

  async askPeerBack(): Promise<Result<unknown, ActorError> | undefined> {
    await Promise.resolve();
    return this.peer?.ask("get_", undefined, { timeout: 200 });
  }

  tellSelf(_payload: undefined, self: ActorRef<Selfish>): Promise<Result<void, ActorError>> {
    return self.tell("get_");
  }
}

describe("deadlock detection (default)", () => {
  it("answers deadlock at once for a self-ask in the handler's synchronous part", async () => {
    const [ref] = spawn(Selfish);
    const outer = await ref.ask("askSelfNow");
    expect(outer.ok).toBe(true);
    expect(isActorError(outer.value?.error, "deadlock")).toBe(true);
    expect(ref.isAlive()).toBe(true);
    ref.kill();
  });

  it("answers deadlock for a self-ask in onStart's synchronous part", async () => {
    let seen: Result<number, ActorError> | undefined;
    class Starter extends Actor {
      get_(): number {
        return 1;
      }
      async onStart(_args: undefined, ref: ActorRef<Starter>): Promise<void> {
        seen = await ref.ask("get_");
      }
    }
    const [ref] = spawn(Starter);
    await ref.ask("get_");
    expect(seen?.error?.kind).toBe("deadlock");
    ref.kill();
  });

  it("lets a handler tell itself", async () => {
    const [ref] = spawn(Selfish);
    expect((await ref.ask("tellSelf")).value?.ok).toBe(true);
    ref.kill();
  });

  it("does not track asks across awaits by default (the ask waits until its timeout)", async () => {
    const [ref] = spawn(Selfish);
    const outer = await ref.ask("askSelfLater");
    expect(outer.value?.error?.kind).toBe("timeout");
    ref.kill();
  });
});

describe("deadlock detection (full, debug)", () => {
  afterEach(() => {
    setDeadlockDetection("sync");
  });

  it("detects a self-ask after an await", async () => {
    setDeadlockDetection("full");
    const [ref] = spawn(Selfish);
    const outer = await ref.ask("askSelfLater");
    expect(outer.value?.error?.kind).toBe("deadlock");
    ref.kill();
  });

  it("detects an A -> B -> A cycle", async () => {
    setDeadlockDetection("full");
    const [a] = spawn(Selfish);
    const [b] = spawn(Selfish);
    await a.tell("setPeer", b);
    await b.tell("setPeer", a);
    const outer = await a.ask("askPeer");
    const inner = outer.value?.value as Result<unknown, ActorError> | undefined;
    expect(inner?.error?.kind).toBe("deadlock");
    a.kill();
    b.kill();
  });

  it("does not flag asks between actors without a cycle", async () => {
    setDeadlockDetection("full");
    const [a] = spawn(Selfish);
    const [b] = spawn(Selfish);
    await a.tell("setPeer", b);
    const direct = await b.ask("get_");
    expect(direct.value).toBe(1);
    a.kill();
    b.kill();
  });
});
