/**
 * The shape of `ref.metrics()`: counts and handling times that are cheap enough to be always
 * on, because handling times are sampled per drained batch rather than per message.
 */

/**
 * A snapshot of one actor's activity.
 *
 * Handling times are sampled: the runtime times one drained batch in eight (a batch is the run
 * of messages it handles without yielding) plus every asynchronous handler, and attributes a
 * batch's time evenly to its messages. `maxHandlingMs` is the longest sampled batch, so it is
 * exact when messages arrive one at a time and an upper bound otherwise.
 *
 * @example
 * ```ts
 * const m = ref.metrics();
 * console.log(`${m.messageCount} msgs, avg ${m.avgHandlingMs.toFixed(3)} ms`);
 * ```
 */
export interface ActorMetrics {
  /** Messages handled so far (exact). */
  readonly messageCount: number;
  /** Mean handling time in ms over the sampled messages (0 before any). */
  readonly avgHandlingMs: number;
  /** Longest sampled handling stretch in ms (0 before any). */
  readonly maxHandlingMs: number;
  /** Ms since spawn (frozen when the actor ends). */
  readonly uptimeMs: number;
  /** Epoch ms of the latest sampled activity, or `undefined` before any message. */
  readonly lastActivityAt: number | undefined;
}
