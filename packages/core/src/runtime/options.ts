/**
 * Spawn options: their public shape, their defaults (mailbox capacity 32, as rsActor), and
 * their validation. A class's `static spawnOptions` and the options given to `spawn` are merged
 * field by field, the latter winning; bad values are a thrown `RangeError`/`TypeError` at spawn,
 * which is a programming error rather than an expected failure.
 */

/**
 * Options for `spawn` (and a class's `static spawnOptions`).
 *
 * @example
 * ```ts
 * spawn(Worker, args, { mailboxCapacity: 1024, priority: true, name: "ingest" });
 * ```
 */
export interface SpawnOptions {
  /**
   * Queued messages the mailbox holds before senders wait (the message being handled holds no
   * slot). An integer >= 1. Storage grows with use, so a large capacity costs nothing until used.
   *
   * @defaultValue 32
   */
  readonly mailboxCapacity?: number;
  /**
   * Enables the priority channel (`{ priority: true }` on `tell`/`ask`).
   *
   * @defaultValue false
   */
  readonly priority?: boolean;
  /**
   * The priority channel's own bound, an integer >= 1.
   *
   * @defaultValue the mailbox capacity
   */
  readonly priorityCapacity?: number;
  /**
   * The actor's name in `identity()`, logs and events.
   *
   * @defaultValue the class name
   */
  readonly name?: string;
}

/**
 * Spawn options that only the runtime's own layers use (not part of the public API).
 *
 * @internal
 */
export interface InternalSpawnOptions {
  /**
   * The caller (a supervisor) re-delivers the tells this actor leaves unprocessed, so they are
   * not reported as dead letters; they are still listed in `ActorResult.unprocessed`. Unprocessed
   * asks are still answered `"stopped"` and reported.
   */
  readonly redeliversTells?: boolean;
}

/**
 * Options after merging and validation.
 *
 * @internal
 */
export interface ResolvedOptions {
  readonly capacity: number;
  readonly priority: boolean;
  /** `undefined`: the same as `capacity`. */
  readonly priorityCapacity: number | undefined;
  readonly name: string | undefined;
}

/** The default mailbox capacity (rsActor's). */
export const DEFAULT_MAILBOX_CAPACITY = 32;

/**
 * The options every class starts from.
 *
 * @internal
 */
export const BASE_OPTIONS: ResolvedOptions = Object.freeze({
  capacity: DEFAULT_MAILBOX_CAPACITY,
  priority: false,
  priorityCapacity: undefined,
  name: undefined,
});

function checkCapacity(option: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${option} must be an integer >= 1, received ${String(value)}`);
  }
  return value;
}

/**
 * Merges `given` over `base` field by field and validates the result.
 *
 * @internal
 * @param base - the class defaults (already valid)
 * @param given - the options passed to `spawn` or declared as `static spawnOptions`
 * @throws RangeError for a capacity that is not an integer >= 1; TypeError for a non-string name
 * @example
 * ```ts
 * resolveOptions(BASE_OPTIONS, { mailboxCapacity: 0 }); // throws RangeError
 * ```
 */
export function resolveOptions(base: ResolvedOptions, given: SpawnOptions): ResolvedOptions {
  const capacity =
    given.mailboxCapacity === undefined
      ? base.capacity
      : checkCapacity("mailboxCapacity", given.mailboxCapacity);
  const priorityCapacity =
    given.priorityCapacity === undefined
      ? base.priorityCapacity
      : checkCapacity("priorityCapacity", given.priorityCapacity);
  const priority = given.priority ?? base.priority;
  if (typeof priority !== "boolean") {
    throw new TypeError(`priority must be a boolean, received ${String(priority)}`);
  }
  const name = given.name ?? base.name;
  if (name !== undefined && typeof name !== "string") {
    throw new TypeError(`name must be a string, received ${String(name)}`);
  }
  return Object.freeze({ capacity, priority, priorityCapacity, name });
}
