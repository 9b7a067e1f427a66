/**
 * Checks, in one walk, that a value can go into JSON and bounds its size. What JSON cannot
 * carry — a BigInt, a function, a symbol, or a cycle — is reported by its path
 * (`properties.user.id`): `JSON.stringify` throws on BigInt and cycles but silently drops
 * functions and symbols, and an event must not lose a property without a word. Shared
 * references that are not cycles are fine, and so is anything with a `toJSON` method (a
 * `Date`). Otherwise the answer is an upper bound on the UTF-8 bytes of the value's JSON
 * (a character of a string costs at most 6 bytes, `\u001f`), so that an event far below
 * PostHog's per-event limit needs no serialisation to be accepted; the bound is `Infinity`
 * when a `toJSON` other than a `Date`'s is met. The path is only built when a problem is
 * found, so the common case costs one walk and no strings.
 */

/** Why a value cannot go into JSON, and where. */
export interface JsonProblem {
  /** Path of the offending value, from the root name given. */
  readonly path: string;
  /** What is wrong, as a sentence fragment (`"is a BigInt"`). */
  readonly problem: string;
}

interface Found {
  readonly problem: string;
  /** Path segments from the offending value up to the root (reversed). */
  readonly segments: string[];
}

/**
 * The ancestors of the value being walked (the first `depth` entries), reused from one
 * check to the next so that a check allocates nothing; each entry is cleared once walked.
 */
const sharedStack: unknown[] = [];
let stackInUse = false;

/** The most bytes a JSON number takes (`-1.7976931348623157e+308`). */
const NUMBER_BYTES = 24;
/** A `Date`'s JSON: its ISO string in quotes (27 characters for an extended year), or `null`. */
const DATE_BYTES = 29;

/**
 * The most bytes a string takes in JSON: its quotes, and at most 6 bytes a UTF-16 unit (a
 * control character escaped as `\u00XX`; non-ASCII text takes at most 3).
 *
 * @param text - The string.
 * @example
 * ```ts
 * jsonStringBound("abc"); // 20
 * ```
 */
export function jsonStringBound(text: string): number {
  return text.length * 6 + 2;
}

/**
 * The first value that JSON cannot carry, or an upper bound on the UTF-8 bytes of the
 * value's JSON when the whole value is fine.
 *
 * @param value - The value to check.
 * @param root - The name of the value, used as the start of the path.
 * @returns The problem, or the bound (`Infinity` when a custom `toJSON` makes it unknown).
 * @example
 * ```ts
 * checkJson({ n: 1n }, "properties"); // { path: "properties.n", problem: "is a BigInt …" }
 * checkJson({ plan: "pro" }, "properties"); // 50: at most that many bytes
 * ```
 */
export function checkJson(value: unknown, root: string): JsonProblem | number {
  // One ancestor stack serves every check; a check started from inside another (a getter
  // that captures) gets its own.
  const nested = stackInUse;
  const ancestors = nested ? [] : sharedStack;
  stackInUse = true;
  let found: Found | number;
  try {
    found = walk(value, ancestors, 0);
  } finally {
    if (!nested) stackInUse = false;
  }
  if (typeof found === "number") return found;
  return { path: root + found.segments.reverse().join(""), problem: found.problem };
}

/**
 * The first value that JSON cannot carry, or `undefined` when the whole value is fine.
 *
 * @param value - The value to check.
 * @param root - The name of the value, used as the start of the path.
 * @example
 * ```ts
 * findJsonProblem({ n: 1n }, "properties"); // { path: "properties.n", problem: "is a BigInt …" }
 * ```
 */
export function findJsonProblem(value: unknown, root: string): JsonProblem | undefined {
  const checked = checkJson(value, root);
  return typeof checked === "number" ? undefined : checked;
}

function walk(value: unknown, ancestors: unknown[], depth: number): Found | number {
  switch (typeof value) {
    case "string":
      return jsonStringBound(value);
    case "number":
      return NUMBER_BYTES;
    case "boolean":
      return 5;
    case "undefined":
      return 4; // `null` in an array; left out of an object
    case "bigint":
      return {
        problem: "is a BigInt, which JSON cannot carry (convert it to a string)",
        segments: [],
      };
    case "function":
      return { problem: "is a function, which JSON cannot carry", segments: [] };
    case "symbol":
      return { problem: "is a symbol, which JSON cannot carry", segments: [] };
  }
  if (value === null) return 4;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return value instanceof Date ? DATE_BYTES : Number.POSITIVE_INFINITY;
  }
  for (let i = 0; i < depth; i++) {
    if (ancestors[i] === value) {
      return {
        problem: "refers back to one of its parents (a cycle), which JSON cannot carry",
        segments: [],
      };
    }
  }
  ancestors[depth] = value;
  const found = Array.isArray(value)
    ? walkArray(value, ancestors, depth + 1)
    : walkObject(value as Record<string, unknown>, ancestors, depth + 1);
  ancestors[depth] = undefined; // keep no reference to the caller's objects
  return found;
}

function walkArray(array: readonly unknown[], ancestors: unknown[], depth: number): Found | number {
  let bytes = 2;
  for (let i = 0; i < array.length; i++) {
    const found = walk(array[i], ancestors, depth);
    if (typeof found !== "number") {
      found.segments.push(`[${i}]`);
      return found;
    }
    bytes += found + 1;
  }
  return bytes;
}

function walkObject(
  record: Record<string, unknown>,
  ancestors: unknown[],
  depth: number,
): Found | number {
  let bytes = 2;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const found = walk(record[key], ancestors, depth);
    if (typeof found !== "number") {
      found.segments.push(`.${key}`);
      return found;
    }
    bytes += jsonStringBound(key) + 2 + found; // the key, `:` and `,`
  }
  return bytes;
}
