/**
 * The per-actor metrics recorder. It counts every message but reads the clock only for one
 * drained batch in eight and for asynchronous handlers, so an idle-to-busy round trip usually
 * costs no `performance.now()` call at all. Created lazily on an actor's first message.
 */
import type { ActorMetrics } from "./actor-metrics.ts";

/** Time one batch in `SAMPLE_MASK + 1`. */
const SAMPLE_MASK = 7;

/** The marker `begin` returns for a batch that is not timed. */
export const UNTIMED = -1;

/**
 * Accumulates message counts and sampled handling times.
 *
 * @internal
 * @example
 * ```ts
 * const mark = recorder.begin();
 * // … handle n messages …
 * recorder.end(mark, n);
 * ```
 */
export class MetricsRecorder {
  #count = 0;
  #batches = 0;
  #timedMessages = 0;
  #timedMs = 0;
  #maxMs = 0;
  #last = UNTIMED;

  /** Starts a batch; returns a clock mark when this batch is sampled, else {@link UNTIMED}. */
  begin(): number {
    const batch = this.#batches;
    this.#batches = batch + 1;
    return (batch & SAMPLE_MASK) === 0 ? performance.now() : UNTIMED;
  }

  /**
   * Ends a batch of `handled` messages.
   *
   * @param mark - what `begin` returned
   * @param handled - messages completed in the batch
   * @param at - the clock reading to end at, when the caller has one
   */
  end(mark: number, handled: number, at?: number): void {
    this.#count += handled;
    if (mark === UNTIMED || handled === 0) return;
    const now = at ?? performance.now();
    this.#record(now - mark, handled, now);
  }

  /**
   * Records one asynchronous handler that started at clock reading `startedAt`.
   *
   * @param startedAt - `performance.now()` when its await began
   */
  endAsync(startedAt: number): void {
    this.#count += 1;
    const now = performance.now();
    this.#record(now - startedAt, 1, now);
  }

  #record(ms: number, handled: number, now: number): void {
    this.#timedMessages += handled;
    this.#timedMs += ms;
    if (ms > this.#maxMs) this.#maxMs = ms;
    this.#last = now;
  }

  /**
   * A snapshot.
   *
   * @param uptimeMs - ms since spawn, computed by the caller
   */
  snapshot(uptimeMs: number): ActorMetrics {
    return {
      messageCount: this.#count,
      avgHandlingMs: this.#timedMessages === 0 ? 0 : this.#timedMs / this.#timedMessages,
      maxHandlingMs: this.#maxMs,
      uptimeMs,
      lastActivityAt: this.#last === UNTIMED ? undefined : performance.timeOrigin + this.#last,
    };
  }
}

/**
 * The metrics of an actor that has not handled a message yet.
 *
 * @internal
 * @param uptimeMs - ms since spawn
 * @example
 * ```ts
 * const m = emptyMetrics(12);
 * ```
 */
export function emptyMetrics(uptimeMs: number): ActorMetrics {
  return {
    messageCount: 0,
    avgHandlingMs: 0,
    maxHandlingMs: 0,
    uptimeMs,
    lastActivityAt: undefined,
  };
}
