import { Actor, isActorError, spawn } from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { gate, settle } from "./helpers.ts";

class Ordered extends Actor {
  handled: string[] = [];
  async block(until: Promise<void>): Promise<void> {
    await until;
  }
  note(label: string): string {
    this.handled.push(label);
    return label;
  }
}

describe("priority channel", () => {
  it("delivers priority messages before queued regular ones, each channel in order", async () => {
    const hold = gate();
    const [ref, done] = spawn(Ordered, undefined, { priority: true });
    void ref.tell("block", hold.promise);
    await settle();
    void ref.tell("note", "r1");
    void ref.tell("note", "r2");
    void ref.tell("note", "p1", { priority: true });
    const askedFirst = ref.ask("note", "p2", { priority: true });
    hold.open();
    expect((await askedFirst).value).toBe("p2");
    await ref.stop();
    expect((await done).actor?.handled).toEqual(["p1", "p2", "r1", "r2"]);
  });

  it("answers priority-disabled for an actor spawned without it", async () => {
    const [ref] = spawn(Ordered);
    expect(
      isActorError((await ref.tell("note", "x", { priority: true })).error, "priority-disabled"),
    ).toBe(true);
    expect((await ref.ask("note", "x", { priority: true })).error?.kind).toBe("priority-disabled");
    ref.kill();
  });

  it("bounds the priority channel on its own", async () => {
    const hold = gate();
    const [ref] = spawn(Ordered, undefined, {
      priority: true,
      mailboxCapacity: 1,
      priorityCapacity: 2,
    });
    void ref.tell("block", hold.promise);
    await settle();
    expect(ref.tryTell("note", "r1").ok).toBe(true);
    expect(ref.tryTell("note", "r2").ok).toBe(false);
    const p1 = ref.tell("note", "p1", { priority: true });
    const p2 = ref.tell("note", "p2", { priority: true });
    let thirdSettled = false;
    const p3 = ref.tell("note", "p3", { priority: true }).then((r) => {
      thirdSettled = true;
      return r;
    });
    expect((await p1).ok && (await p2).ok).toBe(true);
    await settle();
    expect(thirdSettled).toBe(false);
    hold.open();
    expect((await p3).ok).toBe(true);
    ref.kill();
  });

  it("reports queued priority messages as unprocessed first, with their priority", async () => {
    const hold = gate();
    const [ref, done] = spawn(Ordered, undefined, { priority: true });
    void ref.tell("block", hold.promise);
    await settle();
    void ref.tell("note", "r1");
    void ref.tell("note", "p1", { priority: true });
    ref.kill();
    hold.open();
    const result = await done;
    expect(result.unprocessed).toEqual([
      { name: "note", payload: "p1", kind: "tell", priority: true },
      { name: "note", payload: "r1", kind: "tell", priority: false },
    ]);
  });
});
