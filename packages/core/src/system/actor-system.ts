/**
 * The actor system: `spawn` and `supervise` that track (and hold) what they start, `lookup` by
 * name, a graceful `shutdown` within one total deadline, and signal handling for services. A
 * tracked actor is forgotten once it has ended, so a long-lived system that spawns many
 * short-lived actors does not grow.
 */
import type { Actor, ActorClass, ActorHooks } from "../actor.ts";
import type { ActorRef } from "../ref/actor-ref.ts";
import type { JoinHandle } from "../result/join-handle.ts";
import type { SpawnOptions } from "../runtime/options.ts";
import { type SpawnArgs, spawn } from "../spawn.ts";
import { type SuperviseArgs, type Supervision, supervise } from "../supervision/supervise.ts";
import {
  type ActorSystemOptions,
  type ResolvedSystemOptions,
  resolveSystemOptions,
} from "./options.ts";
import { Shutdown } from "./shutdown.ts";
import type { ShutdownEntry } from "./shutdown-entry.ts";
import { type HandleSignalsOptions, installSignalHandlers } from "./signals.ts";
import { ActorSystemClosedError } from "./system-closed-error.ts";
import { Tracked } from "./tracked.ts";

function nameOf(
  ActorClass: ActorClass<unknown>,
  options: SpawnOptions | undefined,
): string | undefined {
  return options?.name ?? ActorClass.spawnOptions?.name;
}

/**
 * A group of actors that start, are found and shut down together. Create one with
 * {@link createActorSystem}.
 *
 * @example
 * ```ts
 * const system = createActorSystem({ shutdownTimeoutMs: 15_000 });
 * const [db] = system.spawn(Db, { url }, { name: "db" });
 * const ingest = system.supervise(Ingest, { db }, { spawnOptions: { name: "ingest" } });
 * system.handleSignals(["SIGTERM", "SIGINT"]);
 * ```
 */
export class ActorSystem {
  readonly #options: ResolvedSystemOptions;
  readonly #tracked = new Set<Tracked>();
  readonly #names = new Map<string, Tracked>();
  #shutdown: Shutdown | undefined;

  /**
   * @internal Systems come from `createActorSystem`.
   * @param options - resolved options
   */
  constructor(options: ResolvedSystemOptions) {
    this.#options = options;
  }

  /** The system's name. */
  get name(): string {
    return this.#options.name;
  }

  /** How many actors and supervisions it tracks now (those that have not ended). */
  get size(): number {
    return this.#tracked.size;
  }

  /**
   * `spawn`, tracked: the system holds the actor (so it is never stopped by the garbage
   * collector) until it ends, and stops it in `shutdown()`.
   *
   * @param ActorClass - a class extending `Actor<Args>`
   * @param rest - `args`, then spawn options; a `name` makes it findable with `lookup`
   * @throws RangeError when another running actor of this system has the same name;
   *   ActorSystemClosedError once shutdown has begun; what `spawn` throws
   * @example
   * ```ts
   * const [cache, done] = system.spawn(Cache, { size: 1000 }, { name: "cache" });
   * ```
   */
  spawn<A extends Actor<unknown> & ActorHooks<A>>(
    ActorClass: ActorClass<A>,
    ...rest: SpawnArgs<A>
  ): [ActorRef<A>, JoinHandle<A>] {
    const name = this.#admit(ActorClass as ActorClass<unknown>, rest[1]);
    const [ref, done] = spawn(ActorClass, ...rest);
    this.#track(
      Tracked.actor(name, ref as ActorRef<unknown>, done as unknown as JoinHandle<unknown>),
    );
    return [ref, done];
  }

  /**
   * `supervise`, tracked: the system holds `sup.ref` until supervision ends, and ends the
   * supervision in `shutdown()`. A `spawnOptions.name` makes its stable ref findable with
   * `lookup`.
   *
   * @param ActorClass - a class extending `Actor<Args>`
   * @param rest - `args`, then supervise options
   * @throws RangeError when the name is taken; ActorSystemClosedError once shutdown has begun;
   *   what `supervise` throws
   * @example
   * ```ts
   * const sup = system.supervise(Worker, args, { spawnOptions: { name: "worker" } });
   * ```
   */
  supervise<A extends Actor<unknown> & ActorHooks<A>>(
    ActorClass: ActorClass<A>,
    ...rest: SuperviseArgs<A>
  ): Supervision<A> {
    const name = this.#admit(ActorClass as ActorClass<unknown>, rest[1]?.spawnOptions);
    const sup = supervise(ActorClass, ...rest);
    this.#track(Tracked.supervision(name, sup as unknown as Supervision<unknown>));
    return sup;
  }

  /**
   * The running actor spawned (or supervised) with this name, until it ends.
   *
   * @param name - the `name` spawn option it was started with
   * @example
   * ```ts
   * const cache = system.lookup<Cache>("cache");
   * await cache?.tell("put", ["k", "v"]);
   * ```
   */
  lookup<A>(name: string): ActorRef<A> | undefined {
    return this.#names.get(name)?.ref as ActorRef<A> | undefined;
  }

  /**
   * Stops every tracked actor gracefully, newest first (each stop begins once everything spawned
   * after it has ended), within `shutdownTimeoutMs` in total; kills whatever still runs at that
   * deadline and waits at most `killGraceMs` more for it. Resolves with one entry per actor
   * tracked when it began, in stop order; never rejects. Spawning is refused from the first call
   * on; repeated calls return the same promise.
   *
   * @example
   * ```ts
   * const entries = await system.shutdown();
   * const killed = entries.filter((entry) => entry.killed);
   * ```
   */
  shutdown(): Promise<ReadonlyArray<ShutdownEntry>> {
    this.#shutdown ??= new Shutdown(
      [...this.#tracked],
      this.#options.shutdownTimeoutMs,
      this.#options.killGraceMs,
    );
    return this.#shutdown.done;
  }

  /**
   * Kills every tracked actor at once (a shutdown in progress then finishes within its kill
   * grace). Starts a shutdown if none has begun.
   *
   * @example
   * ```ts
   * system.killNow();
   * await system.shutdown();
   * ```
   */
  killNow(): void {
    void this.shutdown();
    this.#shutdown?.killNow();
  }

  /**
   * Handles process signals: the first one runs `shutdown()` and then exits the process with
   * code 0, or 1 if anything had to be killed; a second one kills everything at once. Returns
   * the function that removes the handlers.
   *
   * @param signals - the signals to handle
   * @param options - `onShutdown` (a report hook) and `exit` (defaults to `process.exit`)
   * @defaultValue signals: `["SIGTERM", "SIGINT"]`
   * @example
   * ```ts
   * system.handleSignals(["SIGTERM", "SIGINT"]);
   * ```
   */
  handleSignals(
    signals: ReadonlyArray<NodeJS.Signals> = ["SIGTERM", "SIGINT"],
    options: HandleSignalsOptions = {},
  ): () => void {
    return installSignalHandlers(this, signals, options);
  }

  #admit(ActorClass: ActorClass<unknown>, options: SpawnOptions | undefined): string | undefined {
    if (this.#shutdown !== undefined) throw new ActorSystemClosedError(this.#options.name);
    const name = nameOf(ActorClass, options);
    if (name !== undefined && this.#names.has(name)) {
      throw new RangeError(
        `an actor named "${name}" is already running in actor system "${this.#options.name}"`,
      );
    }
    return name;
  }

  #track(tracked: Tracked): void {
    this.#tracked.add(tracked);
    if (tracked.name !== undefined) this.#names.set(tracked.name, tracked);
    void tracked.ended.then(() => {
      this.#tracked.delete(tracked);
      if (tracked.name !== undefined && this.#names.get(tracked.name) === tracked) {
        this.#names.delete(tracked.name);
      }
    });
  }
}

/**
 * Creates an actor system.
 *
 * @param options - `name`, `shutdownTimeoutMs` (10 s), `killGraceMs` (1 s)
 * @throws RangeError/TypeError for invalid options
 * @example
 * ```ts
 * const system = createActorSystem({ name: "api" });
 * system.spawn(Metrics, undefined, { name: "metrics" });
 * system.handleSignals();
 * ```
 */
export function createActorSystem(options?: ActorSystemOptions): ActorSystem {
  return new ActorSystem(resolveSystemOptions(options));
}
