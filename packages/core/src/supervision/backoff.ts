/**
 * The delay before each restart: `initialMs` doubling at every consecutive restart up to
 * `maxMs`, with ±20 % jitter so that supervisors restarting together spread out. An incarnation
 * that lived longer than `maxMs` was healthy, so the next delay starts again from `initialMs`.
 */

/** The jitter, as a fraction of the nominal delay. */
export const JITTER = 0.2;

/**
 * Consecutive-restart backoff.
 *
 * @internal
 * @example
 * ```ts
 * const backoff = new Backoff(100, 30_000);
 * backoff.next(5);      // ~100 ms (80..120)
 * backoff.next(5);      // ~200 ms
 * backoff.next(60_000); // a healthy run: ~100 ms again
 * ```
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #random: () => number;
  #consecutive = 0;

  /**
   * @param initialMs - the first delay (0: never wait)
   * @param maxMs - the cap, and the run length that resets the backoff
   * @param random - a source of numbers in [0, 1)
   */
  constructor(initialMs: number, maxMs: number, random: () => number = Math.random) {
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
    this.#random = random;
  }

  /**
   * The delay before the next restart, in ms.
   *
   * @param livedMs - how long the incarnation that just ended ran
   */
  next(livedMs: number): number {
    if (livedMs > this.#maxMs) this.#consecutive = 0;
    if (this.#initialMs === 0) return 0;
    const nominal = Math.min(this.#maxMs, this.#initialMs * 2 ** this.#consecutive);
    if (nominal < this.#maxMs) this.#consecutive += 1;
    return nominal * (1 - JITTER + 2 * JITTER * this.#random());
  }
}
