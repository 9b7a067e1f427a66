/**
 * The `Actor<Args>` base class and the types that tie a class to its spawn arguments and hook
 * shapes. The base class declares no public members and no hooks, so nothing of it leaks into a
 * ref's message names and subclasses need no `override`; its only member is a type-level brand
 * that carries `Args`.
 */
import type { ActorRef } from "./ref/actor-ref.ts";
import type { ActorWeak } from "./ref/actor-weak.ts";
import type { Unprocessed } from "./result/actor-result.ts";
import type { SpawnOptions } from "./runtime/options.ts";

declare const actorArgs: unique symbol;

/**
 * The base class of every actor. `Args` is what `spawn` must be given and what `onStart`
 * receives. Public methods (and function-valued public fields) are the message handlers; the
 * optional hooks are `onStart(args, ref)`, `onRun(self, signal)` and
 * `onStop(self, killed, unprocessed)`.
 *
 * @example
 * ```ts
 * class Counter extends Actor<{ start: number }> {
 *   count = 0;
 *   onStart(args: { start: number }) { this.count = args.start; }
 *   increment(by: number): number { return (this.count += by); }
 * }
 * const [counter] = spawn(Counter, { start: 10 });
 * ```
 */
export abstract class Actor<Args = undefined> {
  /** Type-only brand carrying `Args`; it does not exist at run time. */
  declare private readonly [actorArgs]?: Args;
}

/**
 * The `Args` an actor class was declared with.
 *
 * @example
 * ```ts
 * type A = ArgsOf<Counter>; // { start: number }
 * ```
 */
export type ArgsOf<A> = A extends Actor<infer Args> ? Args : never;

/**
 * The shapes the optional lifecycle hooks of actor `A` must have. `spawn` checks a class against
 * it, so a hook with the wrong parameters is a compile error.
 *
 * @example
 * ```ts
 * class Poller extends Actor implements ActorHooks<Poller> {
 *   async onRun(self: ActorWeak<Poller>, signal: AbortSignal) { … }
 * }
 * ```
 */
export interface ActorHooks<A> {
  /** First, before any message; builds the state. A throw fails the actor (phase `"onStart"`). */
  onStart?: (args: ArgsOf<A>, ref: ActorRef<A>) => unknown;
  /** Runs alongside the message loop once started; `signal` aborts at `stop()`/`kill()`. */
  onRun?: (self: ActorWeak<A>, signal: AbortSignal) => unknown;
  /** Last, on every path after a successful `onStart`. */
  onStop?: (self: ActorWeak<A>, killed: boolean, unprocessed: Unprocessed) => unknown;
}

/**
 * A spawnable actor class: constructible without arguments, optionally declaring
 * `static spawnOptions`.
 *
 * @example
 * ```ts
 * class Ingest extends Actor {
 *   static spawnOptions: SpawnOptions = { mailboxCapacity: 4096 };
 * }
 * const cls: ActorClass<Ingest> = Ingest;
 * ```
 */
export interface ActorClass<A> {
  new (): A;
  /** The class name, the default actor name. */
  readonly name: string;
  /** Defaults for every spawn of this class; `spawn`'s options override them field by field. */
  readonly spawnOptions?: SpawnOptions;
}
