/**
 * Builds `$exception_list`: the exception tree (the caught exception, its `cause`, the
 * members of an `AggregateError`, their causes…) flattened depth-first, each parent before
 * its children, as PostHog's `exception-event-metadata` spec requires. The caught exception
 * is entry 0; every nested entry gets `mechanism.type: "chained"`, its relationship as
 * `source`, and its parent's id. An object met twice (a cycle) is listed once, and the list
 * stops at {@link MAX_EXCEPTIONS} entries, keeping the earliest in depth-first order.
 */

import { type CoercedException, coerceException } from "./coerce-exception.ts";
import type { ExceptionEntry, ExceptionMechanism } from "./types.ts";

/** The most entries `$exception_list` holds. */
export const MAX_EXCEPTIONS = 50;

/** The outermost entry's mechanism fields, decided by the capture boundary. */
export interface OutermostMechanism {
  readonly type: string;
  readonly handled?: boolean | undefined;
  /** Overrides the synthetic state read from the input. */
  readonly synthetic?: boolean | undefined;
}

/**
 * The `$exception_list` of a thrown value, outermost first.
 *
 * @param error - Whatever was thrown.
 * @param outermost - The capture boundary's mechanism for entry 0.
 * @param syntheticStack - Stands in for the stack of an input that has none (entry 0 only).
 * @example
 * ```ts
 * const inner = new Error("db down");
 * const list = buildExceptionList(new Error("checkout failed", { cause: inner }), { type: "generic", handled: true });
 * list[1]?.mechanism; // { type: "chained", source: "cause", synthetic: false, exception_id: 1, parent_id: 0 }
 * ```
 */
export function buildExceptionList(
  error: unknown,
  outermost: OutermostMechanism,
  syntheticStack?: () => string | undefined,
): ExceptionEntry[] {
  const list: ExceptionEntry[] = [];
  const seen = new Set<object>();
  const root = coerceException(error, syntheticStack);
  if (typeof error === "object" && error !== null) seen.add(error);
  const synthetic = outermost.synthetic ?? root.synthetic;
  const mechanism: ExceptionMechanism =
    outermost.handled === undefined
      ? { type: outermost.type, synthetic, exception_id: 0 }
      : { type: outermost.type, handled: outermost.handled, synthetic, exception_id: 0 };
  list.push(entry(root, mechanism));
  addChildren(root, 0, list, seen);
  return list;
}

function addChildren(
  parent: CoercedException,
  parentId: number,
  list: ExceptionEntry[],
  seen: Set<object>,
): void {
  for (const child of parent.children) {
    if (list.length >= MAX_EXCEPTIONS) return;
    if (typeof child.value === "object" && child.value !== null) {
      if (seen.has(child.value)) continue;
      seen.add(child.value);
    }
    const coerced = coerceException(child.value);
    const id = list.length;
    list.push(
      entry(coerced, {
        type: "chained",
        source: child.source,
        synthetic: coerced.synthetic,
        exception_id: id,
        parent_id: parentId,
      }),
    );
    addChildren(coerced, id, list, seen);
  }
}

function entry(coerced: CoercedException, mechanism: ExceptionMechanism): ExceptionEntry {
  const base = { type: coerced.type, value: coerced.value, mechanism };
  return coerced.frames === undefined
    ? base
    : { ...base, stacktrace: { type: "raw", frames: coerced.frames } };
}
