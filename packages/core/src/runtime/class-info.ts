/**
 * What the runtime remembers per actor class: its name, its validated `static spawnOptions`
 * merged over the base defaults, and its handler table. Built on the first spawn of a class and
 * kept in a `WeakMap`, so spawning costs one map lookup.
 */
import type { ActorClass } from "../actor.ts";
import { HandlerTable } from "./handlers.ts";
import { BASE_OPTIONS, type ResolvedOptions, resolveOptions } from "./options.ts";

/**
 * Per-class runtime data.
 *
 * @internal
 */
export interface ClassInfo {
  /** The class name. */
  readonly name: string;
  /** Base defaults merged with the class's `static spawnOptions`. */
  readonly defaults: ResolvedOptions;
  /** The class's message names. */
  readonly handlers: HandlerTable;
}

const infos = new WeakMap<object, ClassInfo>();

/**
 * The cached info of `ActorClass`, built on first use.
 *
 * @internal
 * @param ActorClass - an actor class
 * @throws RangeError/TypeError when its `static spawnOptions` are invalid
 * @example
 * ```ts
 * const info = classInfo(Counter);
 * info.defaults.capacity; // 32
 * ```
 */
export function classInfo<A>(ActorClass: ActorClass<A>): ClassInfo {
  const known = infos.get(ActorClass);
  if (known !== undefined) return known;
  const declared = Object.hasOwn(ActorClass, "spawnOptions") ? ActorClass.spawnOptions : undefined;
  const up = parent(ActorClass);
  const inherited = up === undefined ? BASE_OPTIONS : classInfo(up).defaults;
  const defaults = declared === undefined ? inherited : resolveOptions(inherited, declared);
  const info: ClassInfo = Object.freeze({
    name: ActorClass.name || "Actor",
    defaults,
    handlers: new HandlerTable(),
  });
  infos.set(ActorClass, info);
  return info;
}

function parent<A>(ActorClass: ActorClass<A>): ActorClass<unknown> | undefined {
  const up = Object.getPrototypeOf(ActorClass) as unknown;
  return typeof up === "function" && up !== Function.prototype
    ? (up as ActorClass<unknown>)
    : undefined;
}
