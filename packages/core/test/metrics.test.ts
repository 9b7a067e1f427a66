import { Actor, spawn } from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { settle } from "./helpers.ts";

class Worker extends Actor {
  quick(): void {}
  async slow(ms: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

describe("metrics", () => {
  it("starts empty", () => {
    const [ref] = spawn(Worker);
    const m = ref.metrics();
    expect(m.messageCount).toBe(0);
    expect(m.avgHandlingMs).toBe(0);
    expect(m.maxHandlingMs).toBe(0);
    expect(m.lastActivityAt).toBeUndefined();
    expect(m.uptimeMs).toBeGreaterThanOrEqual(0);
    ref.kill();
  });

  it("counts every message exactly, across batches", async () => {
    const [ref] = spawn(Worker, undefined, { mailboxCapacity: 1000 });
    for (let batch = 0; batch < 20; batch++) {
      for (let i = 0; i < 7; i++) ref.tryTell("quick");
      await settle(1);
    }
    expect(ref.metrics().messageCount).toBe(140);
    ref.kill();
  });

  it("times asynchronous handlers and reports the last activity", async () => {
    const before = Date.now();
    const [ref] = spawn(Worker);
    await ref.ask("slow", 20);
    const m = ref.metrics();
    expect(m.messageCount).toBe(1);
    expect(m.maxHandlingMs).toBeGreaterThanOrEqual(15);
    expect(m.avgHandlingMs).toBeGreaterThanOrEqual(15);
    expect(m.avgHandlingMs).toBeLessThanOrEqual(m.maxHandlingMs);
    expect(m.lastActivityAt).toBeGreaterThanOrEqual(before - 1);
    expect(m.lastActivityAt).toBeLessThanOrEqual(Date.now() + 1);
    ref.kill();
  });

  it("measures uptime from spawn and freezes it at the end", async () => {
    const [ref, done] = spawn(Worker);
    await new Promise((resolve) => setTimeout(resolve, 25));
    expect(ref.metrics().uptimeMs).toBeGreaterThanOrEqual(20);
    await ref.stop();
    await done;
    const frozen = ref.metrics().uptimeMs;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ref.metrics().uptimeMs).toBe(frozen);
  });
});
