/**
 * Restart intensity (OTP's MaxR within MaxT): the times of recent restarts in a sliding window.
 * A restart is admitted while fewer than `maxRestarts` happened within the last `withinMs`;
 * older restarts drop out of the window and no longer count.
 */

/**
 * A sliding-window restart counter.
 *
 * @internal
 * @example
 * ```ts
 * const window = new RestartWindow(3, 5000);
 * window.admit(0); window.admit(1); window.admit(2); // true, true, true
 * window.admit(3);    // false: a fourth restart within 5 s
 * window.admit(5001); // true: the restart at 0 has left the window
 * ```
 */
export class RestartWindow {
  readonly #max: number;
  readonly #withinMs: number;
  #times: number[] = [];

  /**
   * @param max - restarts allowed within the window
   * @param withinMs - the window length in ms
   */
  constructor(max: number, withinMs: number) {
    this.#max = max;
    this.#withinMs = withinMs;
  }

  /**
   * Records a restart at `now` and returns true, or returns false (recording nothing) when the
   * window is already full.
   *
   * @param now - the current time in ms (a monotonic clock)
   */
  admit(now: number): boolean {
    const since = now - this.#withinMs;
    let drop = 0;
    while (drop < this.#times.length && (this.#times[drop] as number) <= since) drop += 1;
    if (drop > 0) this.#times = this.#times.slice(drop);
    if (this.#times.length >= this.#max) return false;
    this.#times.push(now);
    return true;
  }
}
