/**
 * The options of `createActorSystem`, their defaults and their validation (a bad value is a
 * thrown `RangeError`/`TypeError` naming the option).
 */

/**
 * Options for `createActorSystem`.
 *
 * @example
 * ```ts
 * const system = createActorSystem({ name: "api", shutdownTimeoutMs: 20_000 });
 * ```
 */
export interface ActorSystemOptions {
  /**
   * The system's name, for errors and logs.
   *
   * @defaultValue "actor-system"
   */
  readonly name?: string;
  /**
   * The total time `shutdown()` gives every tracked actor to stop gracefully; whatever still
   * runs at that deadline is killed.
   *
   * @defaultValue 10_000
   */
  readonly shutdownTimeoutMs?: number;
  /**
   * How long `shutdown()` still waits, after killing at the deadline, for the killed actors to
   * end (a running handler finishes first, then `onStop` runs) before it reports them as hung.
   *
   * @defaultValue 1000
   */
  readonly killGraceMs?: number;
}

/**
 * Options after defaults and validation.
 *
 * @internal
 */
export interface ResolvedSystemOptions {
  readonly name: string;
  readonly shutdownTimeoutMs: number;
  readonly killGraceMs: number;
}

function checkMs(option: string, value: number): number {
  if (typeof value !== "number" || !(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`${option} must be a finite number >= 0, received ${String(value)}`);
  }
  return value;
}

/**
 * Applies the defaults and validates.
 *
 * @internal
 * @param options - what the caller gave
 * @throws RangeError for a negative or non-finite time; TypeError for a non-string name
 * @example
 * ```ts
 * resolveSystemOptions({ shutdownTimeoutMs: -1 }); // throws RangeError
 * ```
 */
export function resolveSystemOptions(options: ActorSystemOptions = {}): ResolvedSystemOptions {
  const name = options.name ?? "actor-system";
  if (typeof name !== "string") {
    throw new TypeError(`name must be a string, received ${String(name)}`);
  }
  return Object.freeze({
    name,
    shutdownTimeoutMs: checkMs("shutdownTimeoutMs", options.shutdownTimeoutMs ?? 10_000),
    killGraceMs: checkMs("killGraceMs", options.killGraceMs ?? 1000),
  });
}
