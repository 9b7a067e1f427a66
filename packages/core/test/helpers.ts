/**
 * Test helpers shared by the core runtime tests: letting queued microtasks and immediates run,
 * collecting dead letters and events for the length of a test, and a gate (a promise a test
 * opens by hand) to hold a handler in the middle of its work.
 */
import { type ActorEventMap, actorEvents, type DeadLetter } from "@tsactor/core";

/** Lets every queued microtask and the next few macrotask turns run. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A promise that a test resolves by hand. */
export interface Gate<T = void> {
  readonly promise: Promise<T>;
  open(value: T): void;
}

/** Creates a closed gate. */
export function gate<T = void>(): Gate<T> {
  let open: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Records every dead letter until `stop()`. */
export function collectDeadLetters(): { letters: DeadLetter[]; stop(): void } {
  const letters: DeadLetter[] = [];
  const listener = (letter: DeadLetter): void => {
    letters.push(letter);
  };
  actorEvents.on("dead-letter", listener);
  return { letters, stop: () => actorEvents.off("dead-letter", listener) };
}

/** Records every emission of `event` (its argument lists) until `stop()`. */
export function collectEvents<K extends keyof ActorEventMap>(
  event: K,
): { calls: ActorEventMap[K][]; stop(): void } {
  const calls: ActorEventMap[K][] = [];
  const listener = (...args: ActorEventMap[K]): void => {
    calls.push(args);
  };
  actorEvents.on(event, listener as never);
  return { calls, stop: () => actorEvents.off(event, listener as never) };
}
