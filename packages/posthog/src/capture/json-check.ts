/**
 * Finds what JSON cannot carry in a value before it is queued: a BigInt, a function, a
 * symbol, or a cycle, each named by its path (`properties.user.id`). `JSON.stringify`
 * throws on BigInt and cycles but silently drops functions and symbols; an event must not
 * lose a property without a word, so all four are errors here. Shared references that are
 * not cycles are fine, and so is anything with a `toJSON` method (a `Date`). The path is
 * only built when a problem is found, so the common case costs one walk and no strings.
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
  const found = walk(value, []);
  if (found === undefined) return undefined;
  return { path: root + found.segments.reverse().join(""), problem: found.problem };
}

function walk(value: unknown, ancestors: object[]): Found | undefined {
  switch (typeof value) {
    case "bigint":
      return {
        problem: "is a BigInt, which JSON cannot carry (convert it to a string)",
        segments: [],
      };
    case "function":
      return { problem: "is a function, which JSON cannot carry", segments: [] };
    case "symbol":
      return { problem: "is a symbol, which JSON cannot carry", segments: [] };
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) return undefined;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return undefined;
  if (ancestors.includes(value)) {
    return {
      problem: "refers back to one of its parents (a cycle), which JSON cannot carry",
      segments: [],
    };
  }
  ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = walk(value[i], ancestors);
        if (found) {
          found.segments.push(`[${i}]`);
          return found;
        }
      }
      return undefined;
    }
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const found = walk((value as Record<string, unknown>)[key], ancestors);
      if (found) {
        found.segments.push(`.${key}`);
        return found;
      }
    }
    return undefined;
  } finally {
    ancestors.pop();
  }
}
