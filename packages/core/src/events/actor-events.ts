/**
 * The process-wide event emitter `actorEvents` (eventemitter3, typed event map): `"spawn"`,
 * `"stop"`, `"dead-letter"` and `"failure"`. The runtime checks for listeners before building an
 * event, so no listener means no cost beyond a branch. A listener that throws cannot corrupt an
 * actor: its error is rethrown in a new macrotask instead of unwinding the runtime.
 */
import { EventEmitter } from "eventemitter3";
import type { Identity } from "../ref/identity.ts";
import type { ActorResult, FailedResult } from "../result/actor-result.ts";
import type { DeadLetter } from "./dead-letter.ts";

/**
 * The events of {@link actorEvents} and their listener arguments.
 *
 * - `"spawn"`: an actor was spawned.
 * - `"stop"`: an actor ended, with its result (after `"failure"` when it failed).
 * - `"dead-letter"`: a message could not be delivered.
 * - `"failure"`: an actor ended with status `"failed"`.
 */
export interface ActorEventMap {
  spawn: [identity: Identity];
  stop: [identity: Identity, result: ActorResult<unknown>];
  "dead-letter": [letter: DeadLetter];
  failure: [identity: Identity, result: FailedResult<unknown>];
}

/**
 * Process-wide actor events.
 *
 * @example
 * ```ts
 * actorEvents.on("failure", (who, result) => log.error(`${who} failed in ${result.phase}`));
 * actorEvents.on("dead-letter", (letter) => metrics.increment(`dead.${letter.reason}`));
 * ```
 */
export const actorEvents: EventEmitter<ActorEventMap> = new EventEmitter<ActorEventMap>();

/**
 * True when `event` has listeners, so that the caller builds the event only then.
 *
 * @internal
 * @param event - an event name
 * @example
 * ```ts
 * if (hasListeners("dead-letter")) emitEvent("dead-letter", letter);
 * ```
 */
export function hasListeners(event: keyof ActorEventMap): boolean {
  return actorEvents.listenerCount(event) !== 0;
}

/**
 * Emits an event; a listener's throw is rethrown in a new macrotask.
 *
 * @internal
 * @param event - the event name
 * @param args - its arguments
 * @example
 * ```ts
 * emitEvent("spawn", identity);
 * ```
 */
export function emitEvent<K extends keyof ActorEventMap>(
  event: K,
  ...args: ActorEventMap[K]
): void {
  try {
    (actorEvents.emit as (event: K, ...rest: ActorEventMap[K]) => boolean)(event, ...args);
  } catch (error) {
    setTimeout(() => {
      throw error;
    }, 0);
  }
}
