import { Actor } from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { spawnWith } from "../src/spawn.ts";
import { collectDeadLetters, gate, settle } from "./helpers.ts";

class Worker extends Actor {
  async block(until: Promise<void>): Promise<void> {
    await until;
  }
  work(_label: string): number {
    return 1;
  }
}

describe("spawnWith (internal)", () => {
  it("keeps unprocessed tells out of the dead letters for a supervisor that re-delivers them", async () => {
    const letters = collectDeadLetters();
    const hold = gate();
    const [ref, done] = spawnWith(Worker, undefined, undefined, { redeliversTells: true });
    void ref.tell("block", hold.promise);
    await settle();
    void ref.tell("work", "t");
    const asked = ref.ask("work", "a");
    ref.kill();
    hold.open();
    const result = await done;
    letters.stop();
    expect((await asked).error?.kind).toBe("stopped");
    expect(result.unprocessed.map((m) => [m.payload, m.kind])).toEqual([
      ["t", "tell"],
      ["a", "ask"],
    ]);
    expect(letters.letters.map((l) => [l.payload, l.reason])).toEqual([
      ["a", "discarded-at-shutdown"],
    ]);
  });
});
