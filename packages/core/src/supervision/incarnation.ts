/**
 * One incarnation of a supervised actor, as the supervisor sees it: the strong ref it holds (so
 * that the garbage collector never stops a supervised incarnation behind its back), the actor
 * cell it forwards to, and its result. Incarnations are spawned with `redeliversTells`, so the
 * tells one leaves unprocessed are not reported as dead letters: the supervisor re-delivers them
 * (or reports them itself when supervision ends). This is the only supervision module that knows
 * how the runtime spawns; everything else works on `ActorResult`.
 */
import type { ActorClass } from "../actor.ts";
import type { ActorRef } from "../ref/actor-ref.ts";
import type { ActorResult } from "../result/actor-result.ts";
import type { ActorCell } from "../runtime/actor-cell.ts";
import type { SpawnOptions } from "../runtime/options.ts";
import { spawnCell } from "../spawn.ts";

/**
 * A running incarnation.
 *
 * @internal
 */
export interface Incarnation<A> {
  /** A strong ref, held by the supervisor for as long as the incarnation runs. */
  readonly ref: ActorRef<A>;
  /** The cell sends are forwarded to. */
  readonly target: ActorCell<A & object>;
  /** Resolves with the incarnation's result. */
  readonly done: Promise<ActorResult<A>>;
  /** `performance.now()` at spawn. */
  readonly startedAt: number;
}

/**
 * Spawns one incarnation.
 *
 * @internal
 * @param ActorClass - the supervised class
 * @param args - its arguments
 * @param options - spawn options
 * @throws what `spawn` throws for bad options, or what the class's constructor throws
 * @example
 * ```ts
 * const inc = spawnIncarnation(Worker, args, undefined);
 * void inc.done.then((result) => restartOrNot(result));
 * ```
 */
export function spawnIncarnation<A>(
  ActorClass: ActorClass<A>,
  args: unknown,
  options: SpawnOptions | undefined,
): Incarnation<A> {
  const { cell, ref } = spawnCell(ActorClass as ActorClass<A & object>, args, options, {
    redeliversTells: true,
  });
  return {
    ref: ref as ActorRef<A>,
    target: cell,
    done: cell.join() as Promise<ActorResult<A>>,
    startedAt: performance.now(),
  };
}
