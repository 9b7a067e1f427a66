/**
 * `spawn`: creates an actor from its class and returns `[ActorRef, JoinHandle]`. The class's
 * `static spawnOptions` and the given options are merged field by field; the arguments are typed
 * by the class's `Actor<Args>` and its hooks are checked against their expected shapes.
 */
import type { Actor, ActorClass, ActorHooks, ArgsOf } from "./actor.ts";
import { emitEvent, hasListeners } from "./events/actor-events.ts";
import type { ActorRef } from "./ref/actor-ref.ts";
import { JoinHandle } from "./result/join-handle.ts";
import { ActorCell } from "./runtime/actor-cell.ts";
import { classInfo } from "./runtime/class-info.ts";
import { type InternalSpawnOptions, resolveOptions, type SpawnOptions } from "./runtime/options.ts";

/**
 * The parameters after the class: the arguments (optional when `Args` accepts `undefined`), then
 * options.
 */
export type SpawnArgs<A> =
  undefined extends ArgsOf<A>
    ? [args?: ArgsOf<A>, options?: SpawnOptions]
    : [args: ArgsOf<A>, options?: SpawnOptions];

/**
 * Spawns an actor: constructs the class, then runs `onStart(args, ref)` in a microtask before
 * any message is handled. Returns a strong ref and a join handle that resolves with the
 * `ActorResult` when the actor ends (it never rejects).
 *
 * @param ActorClass - a class extending `Actor<Args>`
 * @param rest - `args` (typed by the class), then `options` (merged over `static spawnOptions`)
 * @throws RangeError when `mailboxCapacity`/`priorityCapacity` is not an integer >= 1 (a
 *   programming error; the actor's own failures are never thrown)
 * @example
 * ```ts
 * const [counter, done] = spawn(Counter, { start: 10 }, { name: "hits" });
 * await counter.tell("increment", 5);
 * await counter.stop();
 * const result = await done; // ActorResult<Counter>
 * ```
 */
export function spawn<A extends Actor<unknown> & ActorHooks<A>>(
  ActorClass: ActorClass<A>,
  ...rest: SpawnArgs<A>
): [ActorRef<A>, JoinHandle<A>];
export function spawn<A extends object>(
  ActorClass: ActorClass<A>,
  args?: unknown,
  options?: SpawnOptions,
): [ActorRef<A>, JoinHandle<A>] {
  return spawnWith(ActorClass, args, options, undefined);
}

/**
 * `spawn` with the options only the runtime's own layers use (a supervisor that re-delivers
 * unprocessed tells). Not exported from the package.
 *
 * @internal
 * @param ActorClass - the actor class
 * @param args - its arguments
 * @param options - public spawn options
 * @param internal - internal options
 * @example
 * ```ts
 * const [ref, done] = spawnWith(Worker, args, spawnOptions, { redeliversTells: true });
 * ```
 */
export function spawnWith<A extends object>(
  ActorClass: ActorClass<A>,
  args: unknown,
  options: SpawnOptions | undefined,
  internal: InternalSpawnOptions | undefined,
): [ActorRef<A>, JoinHandle<A>] {
  const { cell, ref } = spawnCell(ActorClass, args, options, internal);
  return [ref, new JoinHandle(cell)];
}

/**
 * `spawnWith`, handing back the actor cell itself: what a supervisor forwards to. Not exported
 * from the package.
 *
 * @internal
 * @param ActorClass - the actor class
 * @param args - its arguments
 * @param options - public spawn options
 * @param internal - internal options
 * @example
 * ```ts
 * const { cell, ref } = spawnCell(Worker, args, spawnOptions, { redeliversTells: true });
 * if (cell.accepting()) void cell.tell("work", job, undefined);
 * ```
 */
export function spawnCell<A extends object>(
  ActorClass: ActorClass<A>,
  args: unknown,
  options: SpawnOptions | undefined,
  internal: InternalSpawnOptions | undefined,
): { cell: ActorCell<A>; ref: ActorRef<A> } {
  const info = classInfo(ActorClass);
  const resolved = options === undefined ? info.defaults : resolveOptions(info.defaults, options);
  const cell = new ActorCell(new ActorClass(), info, resolved, internal);
  const ref = cell.issueRef();
  if (hasListeners("spawn")) emitEvent("spawn", cell.identity());
  cell.start(args, ref);
  return { cell, ref };
}
