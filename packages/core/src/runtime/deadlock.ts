/**
 * Full deadlock detection, an opt-in debug mode. It follows each handler across its `await`s
 * with `AsyncLocalStorage` and keeps a wait-for graph of pending asks, so an actor asking itself
 * after an `await`, or a cycle such as A asks B while B asks A, answers `"deadlock"` instead of
 * hanging. It is off by default because on Node 20 `AsyncLocalStorage` slows every `await` in the
 * process; the always-on check (a self-ask in a handler's synchronous part) lives in
 * `handling.ts`. A pending ask counts as waiting while the handler that made it is running, even
 * if that handler does not await it: in debug mode that can report a cycle that would not hang.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * `"sync"` (default): only a self-ask in a handler's synchronous part is detected, at no cost.
 * `"full"`: also self-asks after an `await` and cycles across actors (debug; slows `await`).
 */
export type DeadlockDetection = "sync" | "full";

/**
 * One running handler (or `onStart`) in full mode.
 *
 * @internal
 */
export interface Frame {
  readonly cell: object;
  active: boolean;
  /** Targets this handler has pending asks to, with their counts. */
  readonly waits: Map<object, number>;
}

let storage: AsyncLocalStorage<Frame> | undefined;
const activeFrames = new WeakMap<object, Frame>();

/**
 * Whether full detection is on; read by the message loop once per message.
 *
 * @internal
 */
export const detection: { full: boolean } = { full: false };

/**
 * Chooses the deadlock detection mode for the whole process.
 *
 * @param mode - `"sync"` (default) or `"full"` (debug)
 * @example
 * ```ts
 * if (process.env.NODE_ENV === "test") setDeadlockDetection("full");
 * ```
 */
export function setDeadlockDetection(mode: DeadlockDetection): void {
  if (mode === "full") {
    storage ??= new AsyncLocalStorage<Frame>();
    detection.full = true;
  } else {
    detection.full = false;
    storage?.disable();
    storage = undefined;
  }
}

/**
 * Marks `cell` as running a handler and returns its frame.
 *
 * @internal
 * @param cell - the actor
 * @example
 * ```ts
 * const frame = enterFrame(cell);
 * const result = runInFrame(frame, () => handler());
 * ```
 */
export function enterFrame(cell: object): Frame {
  const frame: Frame = { cell, active: true, waits: new Map() };
  activeFrames.set(cell, frame);
  return frame;
}

/**
 * Runs `fn` so that it and everything it awaits see `frame`.
 *
 * @internal
 * @param frame - from `enterFrame`
 * @param fn - the handler call
 * @example
 * ```ts
 * runInFrame(frame, () => fn.call(actor, payload));
 * ```
 */
export function runInFrame<T>(frame: Frame, fn: () => T): T {
  return storage === undefined ? fn() : storage.run(frame, fn);
}

/**
 * Marks the handler of `frame` as finished.
 *
 * @internal
 * @param frame - from `enterFrame`
 * @example
 * ```ts
 * exitFrame(frame);
 * ```
 */
export function exitFrame(frame: Frame): void {
  frame.active = false;
  if (activeFrames.get(frame.cell) === frame) activeFrames.delete(frame.cell);
}

function reaches(from: object, goal: object, seen: Set<object>): boolean {
  const frame = activeFrames.get(from);
  if (frame === undefined || !frame.active) return false;
  for (const next of frame.waits.keys()) {
    if (next === goal) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    if (reaches(next, goal, seen)) return true;
  }
  return false;
}

/**
 * True when an ask to `target` from the current async context would wait for ever.
 *
 * @internal
 * @param target - the actor being asked
 * @example
 * ```ts
 * if (detection.full && wouldDeadlock(cell)) return deadlock();
 * ```
 */
export function wouldDeadlock(target: object): boolean {
  const frame = storage?.getStore();
  if (frame === undefined || !frame.active) return false;
  if (frame.cell === target) return true;
  return reaches(target, frame.cell, new Set([target]));
}

/**
 * Records that the current handler waits on `target` until `settled` settles.
 *
 * @internal
 * @param target - the actor being asked
 * @param settled - the ask's promise
 * @example
 * ```ts
 * trackWait(cell, promise);
 * ```
 */
export function trackWait(target: object, settled: Promise<unknown>): void {
  const frame = storage?.getStore();
  if (frame === undefined || !frame.active) return;
  frame.waits.set(target, (frame.waits.get(target) ?? 0) + 1);
  const release = (): void => {
    const left = (frame.waits.get(target) ?? 1) - 1;
    if (left === 0) frame.waits.delete(target);
    else frame.waits.set(target, left);
  };
  settled.then(release, release);
}
