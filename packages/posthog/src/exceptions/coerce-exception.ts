/**
 * Turns anything that was thrown into one exception representation: its type, its message,
 * its stack frames, whether the SDK synthesised it, and the nested exceptions it points at
 * (`cause`, and the members of an `AggregateError`). An `Error`, or an error-like object
 * carrying its own stack, keeps that stack; a thrown string, number or plain object is
 * converted (and marked synthetic). Reading the input never throws: a getter that throws or
 * a hostile proxy reads as a missing field.
 */

import { parseV8Stack } from "./stack-frames.ts";
import type { StackFrame } from "./types.ts";

/** A nested exception reached from its parent, with the relationship. */
export interface ExceptionChild {
  /** The canonical relationship: `"cause"` or `"member"`. */
  readonly source: "cause" | "member";
  readonly value: unknown;
}

/** One thrown value, read into the parts an `$exception_list` entry needs. */
export interface CoercedException {
  readonly type: string;
  readonly value: string;
  /** Bottom-up frames; `undefined` when the input had no usable stack. */
  readonly frames: readonly StackFrame[] | undefined;
  /** Whether the representation or its stack was made up by the SDK. */
  readonly synthetic: boolean;
  readonly children: readonly ExceptionChild[];
}

const MAX_MESSAGE_KEYS = 10;

/**
 * Reads a thrown value.
 *
 * @param input - Whatever was thrown.
 * @param syntheticStack - When given and the input carries no stack of its own (a thrown
 *   string, a plain object), produces a current stack to stand in for it.
 * @example
 * ```ts
 * coerceException(new TypeError("boom")).type; // "TypeError"
 * coerceException("boom").synthetic; // true
 * ```
 */
export function coerceException(
  input: unknown,
  syntheticStack?: () => string | undefined,
): CoercedException {
  if (isObject(input)) {
    const message = read(input, "message");
    const stack = read(input, "stack");
    const frames = typeof stack === "string" ? parseV8Stack(stack) : [];
    const isError = input instanceof Error || (typeof message === "string" && frames.length > 0);
    if (isError) {
      return {
        type: errorType(input),
        value: typeof message === "string" ? message : "",
        frames: frames.length > 0 ? frames : undefined,
        synthetic: false,
        children: childrenOf(input),
      };
    }
    return converted(
      typeof message === "string" ? errorType(input) : "Error",
      typeof message === "string" ? message : describeObject(input),
      syntheticStack,
      childrenOf(input),
    );
  }
  const value =
    typeof input === "string" ? input : `Non-Error exception captured with value: ${show(input)}`;
  return converted("Error", value, syntheticStack, []);
}

function converted(
  type: string,
  value: string,
  syntheticStack: (() => string | undefined) | undefined,
  children: readonly ExceptionChild[],
): CoercedException {
  const stack = syntheticStack?.();
  const frames = stack === undefined ? [] : parseV8Stack(stack);
  return { type, value, frames: frames.length > 0 ? frames : undefined, synthetic: true, children };
}

function childrenOf(input: object): ExceptionChild[] {
  const children: ExceptionChild[] = [];
  const cause = read(input, "cause");
  if (cause !== undefined) children.push({ source: "cause", value: cause });
  const errors = read(input, "errors");
  if (
    Array.isArray(errors) &&
    (input instanceof AggregateError || errorType(input) === "AggregateError")
  ) {
    for (const member of errors) children.push({ source: "member", value: member });
  }
  return children;
}

function errorType(input: object): string {
  const name = read(input, "name");
  if (typeof name === "string" && name !== "" && name !== "Error") return name;
  // `class CheckoutError extends Error {}` keeps the name "Error": use the class name.
  const ctor = read(input, "constructor");
  const ctorName = typeof ctor === "function" ? read(ctor, "name") : undefined;
  if (typeof ctorName === "string" && ctorName !== "" && ctorName !== "Object") return ctorName;
  return "Error";
}

function describeObject(input: object): string {
  let keys: string[] = [];
  try {
    keys = Object.keys(input);
  } catch {
    // a hostile proxy: no keys to show
  }
  const shown = keys.slice(0, MAX_MESSAGE_KEYS).join(", ");
  return keys.length === 0
    ? "Object captured as exception"
    : `Object captured as exception with keys: ${shown}`;
}

function show(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is object {
  return (typeof value === "object" && value !== null) || typeof value === "function";
}
