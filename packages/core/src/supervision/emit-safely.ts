/**
 * Emitting on an event emitter from inside the supervisor's restart logic: a listener that
 * throws must not unwind the supervisor halfway through a restart, so its error is rethrown in a
 * new macrotask (where it is reported as an uncaught exception) instead, as `actorEvents` does.
 */
import type { EventEmitter } from "eventemitter3";

/**
 * Emits `event` with `args`; a listener's throw is rethrown in a new macrotask.
 *
 * @internal
 * @param emitter - the emitter
 * @param event - the event name
 * @param args - the listener arguments
 * @example
 * ```ts
 * emitSafely(events, "restart", { result, attempt, delay });
 * ```
 */
export function emitSafely<M extends object, K extends EventEmitter.EventNames<M>>(
  emitter: EventEmitter<M>,
  event: K,
  ...args: EventEmitter.EventArgs<M, K>
): void {
  try {
    emitter.emit(event, ...args);
  } catch (error) {
    setTimeout(() => {
      throw error;
    }, 0);
  }
}
