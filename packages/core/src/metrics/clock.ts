/**
 * A coarse clock for spawn timestamps: one `performance.now()` reading per synchronous run
 * (reset in a microtask), floored to whole milliseconds so that it is stored as a small integer.
 * Spawning thousands of actors in a loop then reads the real clock once.
 */

let cached = -1;

function expire(): void {
  cached = -1;
}

/**
 * Milliseconds since the time origin, whole, shared by everything in the same synchronous run.
 *
 * @internal
 * @example
 * ```ts
 * const born = coarseNow();
 * ```
 */
export function coarseNow(): number {
  if (cached < 0) {
    cached = Math.floor(performance.now());
    queueMicrotask(expire);
  }
  return cached;
}
