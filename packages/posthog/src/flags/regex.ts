/**
 * The `regex` / `not_regex` operators. PostHog matches regexes with Rust's engine, whose
 * syntax and Unicode handling differ from JavaScript's; like posthog-node, we match
 * locally only inside the subset both engines read alike (ASCII patterns without
 * look-arounds, word boundaries, possessive or bare repetitions, set operations) and
 * ASCII values without carriage returns. Anything else is left to PostHog. Patterns are
 * checked and compiled once, when definitions load.
 */
import { REGEX_UNSUPPORTED, type Unresolved } from "./unresolved.ts";

/** A regex filter, prepared when definitions load. */
export type RegexFilter =
  | { readonly kind: "empty" }
  | { readonly kind: "invalid" }
  | { readonly kind: "unsupported" }
  | { readonly kind: "regex"; readonly regex: RegExp };

// Escaped spaces and ASCII punctuation are literals in both engines.
const LITERAL_ESCAPE = /[\x20-\x2f:;=?@\x5b-\x60\x7b-\x7e]/;
const HEX_PAIR = /^[\da-f]{2}$/i;
const REPETITION = /^\{(\d+)(?:,(\d*))?\}/;
const ESCAPE_CLASSES = "dDsSwWbBfnrtv";
const NON_PORTABLE_VALUE = /[\u0080-\uffff\r]/;

/**
 * Prepares a pattern: `empty` matches everything, `invalid` matches nothing (PostHog
 * rejects it too), `unsupported` must be left to PostHog.
 *
 * @param pattern - The filter's value, as a string.
 */
export function compileRegexFilter(pattern: string): RegexFilter {
  if (pattern === "") return { kind: "empty" };
  const classes = portableClasses(pattern);
  if (classes === undefined) return { kind: "unsupported" };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    return error instanceof SyntaxError ? { kind: "invalid" } : { kind: "unsupported" };
  }
  for (const characterClass of classes) {
    try {
      // Strict (`u`) parsing rejects legacy ranges such as [\s-9], which PostHog rejects too.
      new RegExp(characterClass, "u");
    } catch {
      return { kind: "unsupported" };
    }
  }
  return { kind: "regex", regex };
}

/**
 * Matches a prepared regex against a value.
 *
 * @param filter - The prepared pattern.
 * @param value - The property's value, as a string.
 * @returns Whether it matches, or undecided when PostHog's engine may answer differently.
 */
export function matchRegexFilter(filter: RegexFilter, value: string): boolean | Unresolved | null {
  switch (filter.kind) {
    case "empty":
      return true;
    case "invalid":
      return null;
    case "unsupported":
      return REGEX_UNSUPPORTED;
    case "regex":
      if (NON_PORTABLE_VALUE.test(value)) return REGEX_UNSUPPORTED;
      try {
        return filter.regex.test(value);
      } catch {
        return REGEX_UNSUPPORTED;
      }
  }
}

/**
 * The character classes of a pattern that both engines read alike, or `undefined` when the
 * pattern uses syntax outside that subset.
 */
function portableClasses(pattern: string): string[] | undefined {
  const classes: string[] = [];
  let classStart = -1;
  let previous = "";
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index] as string;
    if (character.charCodeAt(0) > 0x7f) return undefined;
    if (character === "\\") {
      const escaped = pattern[++index];
      if (escaped === undefined) break;
      if (escaped === "x") {
        if (!HEX_PAIR.test(pattern.slice(index + 1, index + 3))) return undefined;
        index += 2;
      } else if (!ESCAPE_CLASSES.includes(escaped) && !LITERAL_ESCAPE.test(escaped)) {
        return undefined;
      }
      // Word boundaries can exhaust PostHog's backtracking limit even on short values.
      if (classStart === -1 && (escaped === "b" || escaped === "B")) return undefined;
      previous = "literal";
      continue;
    }
    if (character === "[") {
      if (classStart !== -1) return undefined;
      classStart = index;
    } else if (character === "]" && classStart !== -1) {
      const contentStart = classStart + (pattern[classStart + 1] === "^" ? 2 : 1);
      if (index === contentStart) return undefined;
      classes.push(pattern.slice(classStart, index + 1));
      classStart = -1;
      previous = "literal";
      continue;
    } else if (classStart !== -1) {
      const pair = pattern.slice(index, index + 2);
      if (pair === "&&" || pair === "--" || pair === "~~") return undefined;
      continue;
    } else if (character === "(" && pattern[index + 1] === "?") {
      if (pattern[index + 2] !== ":") return undefined;
      index += 2;
    } else if (character === "{") {
      // Rust reads a `{n}` with nothing to repeat as text; JavaScript rejects it. Rust also
      // rejects counts above 2^32 - 1, which JavaScript accepts.
      const repetition = REPETITION.exec(pattern.slice(index));
      if (
        repetition === null ||
        previous === "" ||
        previous === "|" ||
        previous === "(" ||
        repetition.slice(1).some((count) => Number(count) > 0xffffffff)
      ) {
        return undefined;
      }
    } else if (
      "*+?}".includes(character) &&
      (pattern[index + 1] === "+" || pattern[index + 1] === "{")
    ) {
      return undefined;
    }
    // A repeated anchor (`^?`) or a repeated empty group (`(?:)*`): the engines disagree.
    if (
      "*+?{".includes(character) &&
      (previous === "^" || previous === "$" || previous === "empty group")
    ) {
      return undefined;
    }
    previous =
      character === ")" && (previous === "(" || previous === "empty group")
        ? "empty group"
        : character;
  }
  return classes;
}
