/**
 * `supervise`: runs an actor class under a supervisor, in the manner of an Erlang/OTP supervisor
 * with one child, and returns a `Supervision` handle: a stable `ref` whose messages reach
 * whichever incarnation is alive, the supervisor's `events`, `stop()`, and `done`, which
 * resolves with every result seen. Built on `spawn` and `ActorResult` alone.
 */
import type { EventEmitter } from "eventemitter3";
import type { Actor, ActorClass, ActorHooks, ArgsOf } from "../actor.ts";
import type { ActorRef } from "../ref/actor-ref.ts";
import { resolveSuperviseOptions, type SuperviseOptions } from "./options.ts";
import type { SupervisionResult, SupervisorEventMap } from "./supervision-result.ts";
import { Supervisor } from "./supervisor.ts";

/**
 * The parameters after the class: the arguments (optional when `Args` accepts `undefined`), then
 * options.
 */
export type SuperviseArgs<A> =
  undefined extends ArgsOf<A>
    ? [args?: ArgsOf<A>, options?: SuperviseOptions<A>]
    : [args: ArgsOf<A>, options?: SuperviseOptions<A>];

/**
 * A running supervision: what {@link supervise} returns.
 *
 * @example
 * ```ts
 * const sup = supervise(Worker, args);
 * await sup.ref.tell("work", job);   // reaches whichever incarnation is alive
 * await sup.stop();
 * const end = await sup.done;        // { reason: "stopped", results: [...] }
 * ```
 */
export class Supervision<A> {
  readonly #supervisor: Supervisor<A>;
  readonly #ref: ActorRef<A>;

  /**
   * @internal Supervisions come from `supervise` and `system.supervise`.
   * @param supervisor - the supervisor behind it
   */
  constructor(supervisor: Supervisor<A>) {
    this.#supervisor = supervisor;
    this.#ref = supervisor.issueRef();
  }

  /**
   * A real `ActorRef` to the supervised actor, stable across restarts: its `identity()` is the
   * supervisor's, it is alive until supervision ends, and its sends wait during a restart (within
   * their timeout and signal). When every clone of it is garbage-collected, supervision stops.
   *
   * @example
   * ```ts
   * const reply = await sup.ref.ask("status", undefined, { timeout: 1000 });
   * ```
   */
  get ref(): ActorRef<A> {
    return this.#ref;
  }

  /**
   * `"restart"` (the last result, the attempt number, the delay) and `"give-up"`.
   *
   * @example
   * ```ts
   * sup.events.on("restart", ({ attempt, delay }) => log.warn(`restart ${attempt} in ${delay} ms`));
   * ```
   */
  get events(): EventEmitter<SupervisorEventMap<A>> {
    return this.#supervisor.events;
  }

  /**
   * Resolves when supervision ends, with every `ActorResult` seen (oldest first) and the reason.
   * Never rejects.
   *
   * @example
   * ```ts
   * const { reason, results } = await sup.done;
   * ```
   */
  get done(): Promise<SupervisionResult<A>> {
    return this.#supervisor.done;
  }

  /**
   * Ends supervision: stops the current incarnation gracefully (its queued messages are handled)
   * and restarts nothing; during a backoff, ends it at once. Resolves once the stop marker is
   * placed; wait for the end with `done`.
   *
   * @example
   * ```ts
   * await sup.stop();
   * await sup.done;
   * ```
   */
  stop(): Promise<void> {
    return this.#supervisor.stop();
  }
}

/**
 * Spawns `ActorClass` under a supervisor that restarts it according to `options.restart`
 * (`"on-failure"` by default), at most `maxRestarts` times within `withinMs` (then it gives up),
 * waiting a doubling, jittered backoff between incarnations. Each restart spawns a fresh
 * instance with `nextArgs(lastResult)` (or the original args). The tells the dead incarnation
 * had accepted but not handled are re-delivered to the next one first; the message that crashed
 * it is not, and asks are never re-delivered.
 *
 * @param ActorClass - a class extending `Actor<Args>`
 * @param rest - `args` (typed by the class), then {@link SuperviseOptions}
 * @throws RangeError/TypeError for invalid options (including spawn options)
 * @example
 * ```ts
 * const sup = supervise(Worker, { url }, {
 *   restart: "on-failure",
 *   maxRestarts: 5,
 *   withinMs: 60_000,
 *   backoff: { initialMs: 100, maxMs: 30_000 },
 * });
 * sup.events.on("give-up", () => process.exitCode = 1);
 * await sup.ref.tell("fetch", "/items");
 * ```
 */
export function supervise<A extends Actor<unknown> & ActorHooks<A>>(
  ActorClass: ActorClass<A>,
  ...rest: SuperviseArgs<A>
): Supervision<A>;
export function supervise<A>(
  ActorClass: ActorClass<A>,
  args?: unknown,
  options?: SuperviseOptions<A>,
): Supervision<A> {
  const resolved = resolveSuperviseOptions(options);
  return new Supervision(new Supervisor(ActorClass, args, resolved));
}
