import {
  Actor,
  ActorError,
  type ActorResult,
  isActorError,
  isCompleted,
  isFailed,
  spawn,
  stoppedNormally,
  wasKilled,
} from "@tsactor/core";
import { describe, expect, it } from "vitest";

class Plain extends Actor {
  boom(): void {
    throw new Error("x");
  }
}

describe("ActorResult predicates", () => {
  it("classify a graceful stop, a kill and a failure", async () => {
    const [a, aDone] = spawn(Plain);
    await a.stop();
    const stopped = await aDone;
    const [b, bDone] = spawn(Plain);
    b.kill();
    const killed = await bDone;
    const [c, cDone] = spawn(Plain);
    void c.tell("boom");
    const failed = await cDone;

    expect([
      isCompleted(stopped),
      isFailed(stopped),
      wasKilled(stopped),
      stoppedNormally(stopped),
    ]).toEqual([true, false, false, true]);
    expect([
      isCompleted(killed),
      isFailed(killed),
      wasKilled(killed),
      stoppedNormally(killed),
    ]).toEqual([true, false, true, false]);
    expect([
      isCompleted(failed),
      isFailed(failed),
      wasKilled(failed),
      stoppedNormally(failed),
    ]).toEqual([false, true, false, false]);
    expect(Object.isFrozen(stopped)).toBe(true);
  });
});

describe("JoinHandle", () => {
  it("works with await, then, finally, Promise.all and Promise.race, and never rejects", async () => {
    const [ref, done] = spawn(Plain);
    void ref.tell("boom");
    const viaThen = await done.then((result) => result.status);
    const viaFinally = await done.finally(() => {});
    const [viaAll] = await Promise.all([done]);
    const viaRace = await Promise.race([done, new Promise<never>(() => {})]);
    const viaCatch = await done.catch(() => "rejected");
    expect(viaThen).toBe("failed");
    expect(viaFinally.status).toBe("failed");
    expect(viaAll?.status).toBe("failed");
    expect((viaRace as ActorResult<Plain>).status).toBe("failed");
    expect((viaCatch as ActorResult<Plain>).status).toBe("failed");
    expect(await done).toBe(viaFinally);
    expect(Object.prototype.toString.call(done)).toBe("[object JoinHandle]");
  });

  it("resolves for a handle first awaited after the end", async () => {
    const [ref, done] = spawn(Plain);
    ref.kill();
    await ref.waitStopped();
    expect((await done).killed).toBe(true);
  });
});

describe("ActorError", () => {
  it("carries a kind, the identity, a cause and a readable message", async () => {
    const [ref] = spawn(Plain, undefined, { name: "plain" });
    const reply = await ref.ask("boom");
    const error = reply.error;
    expect(error).toBeInstanceOf(ActorError);
    expect(error).toBeInstanceOf(Error);
    expect(error?.name).toBe("ActorError");
    expect(error?.kind).toBe("handler-failed");
    expect(error?.identity).toBe(ref.identity());
    expect((error?.cause as Error | undefined)?.message).toBe("x");
    expect(error?.message).toBe(
      `plain(#${ref.identity().id}): the handler failed (message "boom")`,
    );
  });

  it("has a guard that matches by class or by name, optionally by kind", () => {
    const identity = { id: 1, name: "x", toString: () => "x(#1)" };
    const error = new ActorError("timeout", identity);
    expect(isActorError(error)).toBe(true);
    expect(isActorError(error, "timeout")).toBe(true);
    expect(isActorError(error, "stopped")).toBe(false);
    const foreign = Object.assign(new Error("copy"), { name: "ActorError", kind: "stopped" });
    expect(isActorError(foreign, "stopped")).toBe(true);
    expect(isActorError(new Error("other"))).toBe(false);
    expect(isActorError("ActorError")).toBe(false);
    expect("cause" in error).toBe(false);
  });
});
