/**
 * Handler lookup, cached per class. On first use it walks the prototype chain of an instance up
 * to `Actor.prototype`, collecting function-valued data properties (minus `constructor` and the
 * lifecycle hooks), then the instance's own function-valued fields, which shadow methods of the
 * same name. `#private` methods are not properties, so they are never reachable. A name the
 * table misses is still checked against the instance's own fields (an instance-specific field).
 */
import { Actor } from "../actor.ts";

/**
 * A handler function as the runtime calls it.
 *
 * @internal
 */
export type HandlerFn = (this: unknown, payload: unknown, ref?: unknown) => unknown;

/**
 * One message name of a class. Each name has two frozen entries of the same shape: the bare one,
 * queued alone for a tell without a payload, and its `withPayload` twin, queued followed by the
 * payload. The mailbox tells them apart by `hasPayload`.
 *
 * @internal
 */
export interface HandlerEntry {
  /** Tells this apart from an ask record in the mailbox. */
  readonly isAsk: false;
  /** Whether a payload slot follows this entry in the mailbox. */
  readonly hasPayload: boolean;
  /** The message name. */
  readonly name: string;
  /** The method; `undefined` for a function-valued own field, read from the instance per call. */
  readonly fn: HandlerFn | undefined;
  /** The function declares a second parameter, so the runtime passes the actor's own ref. */
  readonly wantsRef: boolean;
  /** The twin entry to queue when the message carries a payload. */
  readonly withPayload: HandlerEntry;
}

const excluded = new Set(["constructor", "onStart", "onRun", "onStop"]);

type MutableEntry = { -readonly [K in keyof HandlerEntry]: HandlerEntry[K] };

function entry(name: string, fn: HandlerFn | undefined, arity: number): HandlerEntry {
  const wantsRef = arity >= 2;
  const bare: MutableEntry = {
    isAsk: false,
    hasPayload: false,
    name,
    fn,
    wantsRef,
    withPayload: undefined as never,
  };
  const loaded: MutableEntry = {
    isAsk: false,
    hasPayload: true,
    name,
    fn,
    wantsRef,
    withPayload: undefined as never,
  };
  bare.withPayload = loaded;
  loaded.withPayload = loaded;
  Object.freeze(loaded);
  return Object.freeze(bare);
}

function ownFieldEntry(name: string, instance: object): HandlerEntry | undefined {
  if (excluded.has(name) || !Object.hasOwn(instance, name)) return undefined;
  const value: unknown = (instance as Record<string, unknown>)[name];
  return typeof value === "function" ? entry(name, undefined, value.length) : undefined;
}

/**
 * The message names of one class, built on first use.
 *
 * @internal
 * @example
 * ```ts
 * const table = new HandlerTable();
 * table.lookup("increment", counterInstance)?.fn; // Counter.prototype.increment
 * ```
 */
export class HandlerTable {
  #entries: Map<string, HandlerEntry> | undefined;
  /** One-entry cache: senders tend to repeat the same name. */
  #lastName: string | undefined;
  #lastEntry: HandlerEntry | undefined;

  /**
   * The handler called `name`, or `undefined` when there is none.
   *
   * @param name - the message name (anything, from plain JavaScript callers)
   * @param instance - an instance of the class
   */
  lookup(name: unknown, instance: object): HandlerEntry | undefined {
    if (name === this.#lastName) return this.#lastEntry;
    if (typeof name !== "string") return undefined;
    const entries = this.#entries ?? this.#build(instance);
    const found = entries.get(name);
    if (found === undefined) return ownFieldEntry(name, instance);
    this.#lastName = name;
    this.#lastEntry = found;
    return found;
  }

  #build(instance: object): Map<string, HandlerEntry> {
    const entries = new Map<string, HandlerEntry>();
    let proto: object | null = Object.getPrototypeOf(instance) as object | null;
    while (proto !== null && proto !== Actor.prototype && proto !== Object.prototype) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (excluded.has(name) || entries.has(name)) continue;
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        const value: unknown = descriptor?.value;
        if (typeof value === "function") {
          entries.set(name, entry(name, value as HandlerFn, value.length));
        }
      }
      proto = Object.getPrototypeOf(proto) as object | null;
    }
    for (const name of Object.keys(instance)) {
      const own = ownFieldEntry(name, instance);
      if (own !== undefined) entries.set(name, own);
    }
    this.#entries = entries;
    return entries;
  }
}
