/**
 * How a supervision ended, as a value: what `sup.done` resolves to. It carries every
 * `ActorResult` the supervisor saw, newest last, and why it stopped restarting.
 */
import type { ActorResult } from "../result/actor-result.ts";

/**
 * Why a supervision ended.
 *
 * - `"stopped"`: `sup.stop()`, a `kill()` through `sup.ref`, every `sup.ref` garbage-collected,
 *   or the actor system's shutdown.
 * - `"gave-up"`: more restarts than `maxRestarts` within `withinMs`, or `nextArgs` (or the
 *   class's constructor) threw.
 * - `"completed"`: an incarnation completed and the policy does not restart completed results.
 * - `"failed"`: an incarnation failed and the policy is `"never"`.
 */
export type SupervisionEndReason = "stopped" | "gave-up" | "completed" | "failed";

/**
 * The end of a supervision.
 *
 * @example
 * ```ts
 * const end = await sup.done;
 * if (end.reason === "gave-up") console.error("worker keeps failing", end.results.at(-1));
 * ```
 */
export interface SupervisionResult<A> {
  /** Why it ended. */
  readonly reason: SupervisionEndReason;
  /** Every incarnation's result, oldest first. */
  readonly results: ReadonlyArray<ActorResult<A>>;
  /** What `nextArgs` (or the class's constructor) threw, when that was the give-up. */
  readonly error?: unknown;
}

/**
 * `sup.events`' `"restart"` payload: an incarnation ended and another will start after `delay`.
 */
export interface RestartEvent<A> {
  /** The result of the incarnation that just ended. */
  readonly result: ActorResult<A>;
  /** The restart number within this supervision: 1 for the first restart. */
  readonly attempt: number;
  /** The backoff before the next incarnation starts, in ms (jitter included). */
  readonly delay: number;
}

/** `sup.events`' `"give-up"` payload. */
export interface GiveUpEvent<A> {
  /** The result of the last incarnation. */
  readonly result: ActorResult<A>;
  /**
   * `"intensity"`: too many restarts within the window; `"next-args"`: `nextArgs` threw;
   * `"spawn"`: the class's constructor threw while spawning the next incarnation.
   */
  readonly cause: "intensity" | "next-args" | "spawn";
  /** What `nextArgs` or the constructor threw. */
  readonly error?: unknown;
}

/**
 * The events of `sup.events`.
 *
 * @example
 * ```ts
 * sup.events.on("restart", ({ attempt, delay, result }) =>
 *   log.warn(`restart #${attempt} in ${Math.round(delay)} ms after ${result.status}`));
 * sup.events.on("give-up", ({ cause }) => log.error(`supervisor gave up: ${cause}`));
 * ```
 */
export interface SupervisorEventMap<A> {
  restart: [event: RestartEvent<A>];
  "give-up": [event: GiveUpEvent<A>];
}
