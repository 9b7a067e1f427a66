/**
 * Actor identity: the stable `{ id, name }` pair that names an actor in errors, dead letters,
 * events and logs. Every spawned actor gets a unique numeric id; the name defaults to the class
 * name. Identities are frozen and print as `Name(#id)`.
 */

/**
 * Who an actor is: a process-unique numeric `id` and a human `name` (the `name` spawn option, or
 * the class name). `String(identity)` reads `"Counter(#7)"`.
 *
 * @example
 * ```ts
 * const [counter] = spawn(Counter, { start: 0 });
 * const who = counter.identity();
 * console.log(who.id, who.name, String(who)); // 7 "Counter" "Counter(#7)"
 * ```
 */
export interface Identity {
  /** Unique for the life of the process; never reused. */
  readonly id: number;
  /** The `name` spawn option, or the actor's class name. */
  readonly name: string;
  /** `"Name(#id)"`. */
  toString(): string;
}

class ActorIdentity implements Identity {
  readonly id: number;
  readonly name: string;

  constructor(id: number, name: string) {
    this.id = id;
    this.name = name;
    Object.freeze(this);
  }

  toString(): string {
    return `${this.name}(#${this.id})`;
  }
}

/**
 * Creates a frozen identity.
 *
 * @internal
 * @example
 * ```ts
 * String(createIdentity(7, "Counter")); // "Counter(#7)"
 * ```
 */
export function createIdentity(id: number, name: string): Identity {
  return new ActorIdentity(id, name);
}

let lastId = 0;

/**
 * The next process-unique actor id (1, 2, 3, …).
 *
 * @internal
 * @example
 * ```ts
 * const id = nextActorId();
 * ```
 */
export function nextActorId(): number {
  lastId += 1;
  return lastId;
}
