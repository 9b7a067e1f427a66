/**
 * One incarnation of a supervised actor, as the supervisor sees it: the strong ref it holds (so
 * that the garbage collector never stops a supervised incarnation behind its back), the target
 * it forwards to, whether that target still accepts sends, and its result. This is the only
 * supervision module that knows how the runtime spawns; everything else works on `ActorResult`.
 */
import type { Actor, ActorClass, ActorHooks } from "../actor.ts";
import type { ActorError } from "../errors/actor-error.ts";
import type { ActorRef } from "../ref/actor-ref.ts";
import type { RefTarget } from "../ref/ref-target.ts";
import type { ActorResult } from "../result/actor-result.ts";
import type { SpawnOptions } from "../runtime/options.ts";
import { spawn } from "../spawn.ts";

/**
 * What the supervisor forwards to.
 *
 * @internal
 */
export interface IncarnationTarget extends RefTarget {
  /** False once the incarnation refuses new sends (stopping, crashing, killed or ended). */
  accepting(): boolean;
}

/**
 * A running incarnation.
 *
 * @internal
 */
export interface Incarnation<A> {
  /** A strong ref, held by the supervisor for as long as the incarnation runs. */
  readonly ref: ActorRef<A>;
  /** The target sends are forwarded to. */
  readonly target: IncarnationTarget;
  /** Resolves with the incarnation's result. */
  readonly done: PromiseLike<ActorResult<A>>;
  /** `performance.now()` at spawn. */
  readonly startedAt: number;
}

type Loose = ActorRef<Record<string, (payload: unknown) => unknown>>;

class RefForwarder implements IncarnationTarget {
  readonly #ref: ActorRef<unknown>;

  constructor(ref: ActorRef<unknown>) {
    this.#ref = ref;
  }

  accepting(): boolean {
    return this.#ref.isAlive();
  }

  identity() {
    return this.#ref.identity();
  }

  tell(name: string, payload: unknown, options: Parameters<RefTarget["tell"]>[2]) {
    return (this.#ref as Loose).tell(name, payload, options);
  }

  tryTell(name: string, payload: unknown) {
    return (this.#ref as Loose).tryTell(name, payload);
  }

  ask(name: string, payload: unknown, options: Parameters<RefTarget["ask"]>[2]) {
    return (this.#ref as Loose).ask(name, payload, options);
  }

  stop() {
    return this.#ref.stop();
  }

  kill() {
    this.#ref.kill();
  }

  isAlive() {
    return this.#ref.isAlive();
  }

  waitStopped() {
    return this.#ref.waitStopped();
  }

  metrics() {
    return this.#ref.metrics();
  }

  upgrade<B>(): ActorRef<B> | undefined {
    return this.#ref.downgrade().upgrade() as ActorRef<B> | undefined;
  }
}

/**
 * Spawns one incarnation.
 *
 * @internal
 * @param ActorClass - the supervised class
 * @param args - its arguments
 * @param options - spawn options
 * @throws what `spawn` throws for bad options
 * @example
 * ```ts
 * const inc = spawnIncarnation(Worker, args, undefined);
 * inc.done.then((result) => restartOrNot(result));
 * ```
 */
export function spawnIncarnation<A>(
  ActorClass: ActorClass<A>,
  args: unknown,
  options: SpawnOptions | undefined,
): Incarnation<A> {
  type Any = Actor<unknown> & ActorHooks<Any>;
  const [ref, done] = spawn(ActorClass as unknown as ActorClass<Any>, args as never, options);
  return {
    ref: ref as unknown as ActorRef<A>,
    target: new RefForwarder(ref as unknown as ActorRef<unknown>),
    done: done as unknown as PromiseLike<ActorResult<A>>,
    startedAt: performance.now(),
  };
}

/**
 * True when a `"stopped"` error means the send was never accepted (refused while it waited for
 * room), so it may go to the next incarnation without being handled twice.
 *
 * @internal
 * @param _error - a `"stopped"` error from an incarnation
 */
export function wasRefused(_error: ActorError): boolean {
  return false;
}
