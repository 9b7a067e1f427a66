/**
 * `ActorSystemClosedError`: thrown by `system.spawn`/`system.supervise` once the system's
 * shutdown has begun. Spawning into a system that is draining is a race in the caller's code
 * (it would never be stopped), so it is refused loudly, as a bad spawn option is.
 */

/**
 * A spawn was refused because the actor system is shutting down (or has shut down).
 *
 * @example
 * ```ts
 * try {
 *   system.spawn(Worker, args);
 * } catch (error) {
 *   if (isActorSystemClosedError(error)) return; // draining: drop the work
 *   throw error;
 * }
 * ```
 */
export class ActorSystemClosedError extends Error {
  override readonly name = "ActorSystemClosedError" as const;
  /** The system's name. */
  readonly system: string;

  /** @param system - the system's name */
  constructor(system: string) {
    super(`actor system "${system}" is shutting down: spawning is refused`);
    this.system = system;
  }
}

/**
 * Type guard for {@link ActorSystemClosedError}; matches on `name` too, so an error from another
 * copy of the package is recognised.
 *
 * @param value - anything
 * @example
 * ```ts
 * if (isActorSystemClosedError(error)) log.info("late spawn dropped");
 * ```
 */
export function isActorSystemClosedError(value: unknown): value is ActorSystemClosedError {
  return (
    value instanceof ActorSystemClosedError ||
    (value instanceof Error && value.name === "ActorSystemClosedError")
  );
}
