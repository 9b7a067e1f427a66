/**
 * The options of `supervise`: the restart policy, the restart intensity (OTP's MaxR within
 * MaxT), the backoff between incarnations, `nextArgs` and the spawn options, with their defaults
 * and their validation. A bad value is a thrown `RangeError`/`TypeError` that names the option,
 * as with spawn options: it is a programming error, not an expected failure.
 */
import type { ArgsOf } from "../actor.ts";
import type { ActorResult } from "../result/actor-result.ts";
import type { SpawnOptions } from "../runtime/options.ts";

/**
 * Which ended incarnations are restarted (OTP's restart types).
 *
 * - `"always"` (OTP permanent): every ending, failed or completed.
 * - `"on-failure"` (OTP transient): failed results only.
 * - `"never"` (OTP temporary): none.
 */
export type RestartPolicy = "always" | "on-failure" | "never";

/**
 * The wait before each restart: `initialMs`, doubling at each consecutive restart up to `maxMs`,
 * with ±20 % jitter; reset by an incarnation that lived longer than `maxMs`.
 *
 * @example
 * ```ts
 * supervise(Worker, args, { backoff: { initialMs: 0 } }); // restart at once
 * ```
 */
export interface BackoffOptions {
  /**
   * The first delay, in ms (0: no wait at all).
   *
   * @defaultValue 100
   */
  readonly initialMs?: number;
  /**
   * The largest delay, in ms; also the run length after which the backoff resets.
   *
   * @defaultValue 30_000
   */
  readonly maxMs?: number;
}

/**
 * Options for `supervise`.
 *
 * @example
 * ```ts
 * const sup = supervise(Worker, { queue }, {
 *   restart: "on-failure",
 *   maxRestarts: 5,
 *   withinMs: 60_000,
 *   backoff: { initialMs: 100, maxMs: 30_000 },
 *   nextArgs: (last) => ({ queue, pending: last.actor?.pending() ?? [] }),
 *   spawnOptions: { mailboxCapacity: 1024, name: "worker" },
 * });
 * ```
 */
export interface SuperviseOptions<A> {
  /**
   * Which endings are restarted.
   *
   * @defaultValue "on-failure"
   */
  readonly restart?: RestartPolicy;
  /**
   * More restarts than this within `withinMs` make the supervisor give up (an integer >= 0).
   *
   * @defaultValue 3
   */
  readonly maxRestarts?: number;
  /**
   * The sliding window, in ms, over which restarts are counted.
   *
   * @defaultValue 5000
   */
  readonly withinMs?: number;
  /** The wait before each restart. */
  readonly backoff?: BackoffOptions;
  /**
   * The arguments of the next incarnation, from the last one's result (e.g. to hand over its
   * pending work). A throw is a give-up. Without it, every incarnation gets the original args.
   */
  readonly nextArgs?: (last: ActorResult<A>) => ArgsOf<A>;
  /** The options every incarnation is spawned with. */
  readonly spawnOptions?: SpawnOptions;
}

/**
 * Options after defaults and validation.
 *
 * @internal
 */
export interface ResolvedSuperviseOptions<A> {
  readonly restart: RestartPolicy;
  readonly maxRestarts: number;
  readonly withinMs: number;
  readonly initialMs: number;
  readonly maxMs: number;
  readonly nextArgs: ((last: ActorResult<A>) => unknown) | undefined;
  readonly spawnOptions: SpawnOptions | undefined;
}

const POLICIES: ReadonlySet<unknown> = new Set(["always", "on-failure", "never"]);

function check(option: string, value: number, ok: boolean, rule: string): number {
  if (typeof value !== "number" || Number.isNaN(value) || !ok) {
    throw new RangeError(`${option} must be ${rule}, received ${String(value)}`);
  }
  return value;
}

/**
 * Applies the defaults and validates.
 *
 * @internal
 * @param options - what the caller gave
 * @throws RangeError for a bad number or policy; TypeError for a `nextArgs` that is no function
 * @example
 * ```ts
 * resolveSuperviseOptions({ maxRestarts: -1 }); // throws RangeError
 * ```
 */
export function resolveSuperviseOptions<A>(
  options: SuperviseOptions<A> = {},
): ResolvedSuperviseOptions<A> {
  const restart = options.restart ?? "on-failure";
  if (!POLICIES.has(restart)) {
    throw new RangeError(
      `restart must be "always", "on-failure" or "never", received ${String(restart)}`,
    );
  }
  const maxRestarts = options.maxRestarts ?? 3;
  check(
    "maxRestarts",
    maxRestarts,
    Number.isInteger(maxRestarts) && maxRestarts >= 0,
    "an integer >= 0",
  );
  const withinMs = options.withinMs ?? 5000;
  check("withinMs", withinMs, withinMs > 0, "a number > 0");
  const initialMs = options.backoff?.initialMs ?? 100;
  check(
    "backoff.initialMs",
    initialMs,
    Number.isFinite(initialMs) && initialMs >= 0,
    "a finite number >= 0",
  );
  const maxMs = options.backoff?.maxMs ?? Math.max(30_000, initialMs);
  check(
    "backoff.maxMs",
    maxMs,
    Number.isFinite(maxMs) && maxMs >= initialMs,
    `a finite number >= backoff.initialMs (${initialMs})`,
  );
  const nextArgs = options.nextArgs;
  if (nextArgs !== undefined && typeof nextArgs !== "function") {
    throw new TypeError(`nextArgs must be a function, received ${String(nextArgs)}`);
  }
  return Object.freeze({
    restart,
    maxRestarts,
    withinMs,
    initialMs,
    maxMs,
    nextArgs: nextArgs as ((last: ActorResult<A>) => unknown) | undefined,
    spawnOptions: options.spawnOptions,
  });
}
