/**
 * The shutdown of an actor system: stop every tracked actor gracefully, newest first, each stop
 * beginning once everything spawned after it has ended (so that an actor outlives the ones that
 * may still send to it), all within one total deadline; at the deadline kill whatever still
 * runs, wait a short grace for the killed ones to end, and report one entry per actor, a hung
 * one included, instead of waiting for ever.
 */
import type { ShutdownEntry } from "./shutdown-entry.ts";
import type { Tracked } from "./tracked.ts";

/**
 * One shutdown in progress.
 *
 * @internal
 * @example
 * ```ts
 * const run = new Shutdown(tracked, 10_000, 1000);
 * const entries = await run.done;
 * ```
 */
export class Shutdown {
  /** Resolves with one entry per actor, in the order they were stopped (newest first). */
  readonly done: Promise<ReadonlyArray<ShutdownEntry>>;
  readonly #order: Tracked[];
  #expire: () => void = () => {};
  #expired = false;

  /**
   * Starts the shutdown at once.
   *
   * @param tracked - the tracked actors, oldest first
   * @param timeoutMs - the total deadline for graceful stops
   * @param killGraceMs - how long killed actors may still take to end
   */
  constructor(tracked: ReadonlyArray<Tracked>, timeoutMs: number, killGraceMs: number) {
    this.#order = tracked.slice().reverse();
    this.done = this.#run(timeoutMs, killGraceMs);
  }

  /** Kills everything still running now (a second signal), without waiting for the deadline. */
  killNow(): void {
    this.#expired = true;
    this.#expire();
  }

  async #run(timeoutMs: number, killGraceMs: number): Promise<ReadonlyArray<ShutdownEntry>> {
    const deadline = new Promise<void>((resolve) => {
      this.#expire = resolve;
    });
    const timer = setTimeout(() => this.killNow(), timeoutMs);
    for (const tracked of this.#order) {
      if (this.#expired) break;
      if (tracked.hasEnded) continue;
      tracked.stop();
      await Promise.race([tracked.ended, deadline]);
    }
    clearTimeout(timer);
    const left = this.#order.filter((tracked) => !tracked.hasEnded);
    if (left.length > 0) {
      for (const tracked of left) tracked.kill();
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all(left.map((tracked) => tracked.ended)),
        new Promise<void>((resolve) => {
          grace = setTimeout(resolve, killGraceMs);
        }),
      ]);
      clearTimeout(grace);
    }
    return Object.freeze(this.#order.map((tracked) => tracked.entry()));
  }
}
