import { Actor, type ActorRef, type ActorWeak, spawn } from "@tsactor/core";
import { describe, expect, it } from "vitest";

class Echo extends Actor {
  selfRefs: ActorRef<Echo>[] = [];
  echo(text: string): string {
    return text;
  }
  keepSelf(_payload: undefined, self: ActorRef<Echo>): void {
    this.selfRefs.push(self);
  }
}

describe("ActorWeak", () => {
  it("shares the identity of its actor and upgrades to a working ref while it runs", async () => {
    const [ref] = spawn(Echo);
    const weak: ActorWeak<Echo> = ref.downgrade();
    expect(weak.identity()).toBe(ref.identity());
    expect(weak.isAlive()).toBe(true);
    expect(String(weak)).toBe(`ActorWeak(${ref.identity()})`);
    const strong = weak.upgrade();
    expect(strong?.identity()).toBe(ref.identity());
    expect((await strong?.ask("echo", "hi"))?.value).toBe("hi");
    ref.kill();
  });

  it("upgrades to undefined once the actor has stopped", async () => {
    const [ref, done] = spawn(Echo);
    const weak = ref.downgrade();
    await ref.stop();
    await done;
    expect(weak.isAlive()).toBe(false);
    expect(weak.upgrade()).toBeUndefined();
  });

  it("gives handlers refs with the same identity as the spawn ref", async () => {
    const [ref, done] = spawn(Echo);
    await ref.tell("keepSelf");
    await ref.tell("keepSelf");
    await ref.stop();
    const refs = (await done).actor?.selfRefs ?? [];
    expect(refs).toHaveLength(2);
    for (const self of refs) expect(self.identity()).toBe(ref.identity());
    expect(refs[0]).toBe(refs[1]);
  });
});
