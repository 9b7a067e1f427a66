import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FlushTimer } from "../../src/capture/flush-timer.ts";

describe("FlushTimer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("sleeps for the time asked", async () => {
    const timer = new FlushTimer();
    let woke = false;
    const sleeping = timer.sleep(5_000, new AbortController().signal).then(() => {
      woke = true;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it("wakes at once when the signal aborts or when cancelled, leaving no timer", async () => {
    const timer = new FlushTimer();
    const controller = new AbortController();
    const aborted = timer.sleep(60_000, controller.signal);
    controller.abort();
    await aborted;
    expect(vi.getTimerCount()).toBe(0);
    const cancelled = timer.sleep(60_000, new AbortController().signal);
    timer.cancel();
    await cancelled;
    expect(vi.getTimerCount()).toBe(0);
    await timer.sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("FlushTimer keep-alive", () => {
  it("holds the process open only while there is work", async () => {
    const timer = new FlushTimer();
    const controller = new AbortController();
    const sleeping = timer.sleep(60_000, controller.signal);
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    const idle = timeouts();
    timer.keepAlive(true);
    expect(timeouts()).toBe(idle + 1);
    timer.keepAlive(false);
    expect(timeouts()).toBe(idle);
    controller.abort();
    await sleeping;
  });
});
