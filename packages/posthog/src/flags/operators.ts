/**
 * Property filters, compiled once per definitions load into a matcher: a closure that
 * takes the person's (or group's) properties and answers `true`, `false` or
 * {@link Unresolved}. Every operator of PostHog's flags service is here (`exact`, `is_not`,
 * `is_set`, `is_not_set`, `icontains`, `not_icontains`, `starts_with`, `not_starts_with`,
 * `ends_with`, `not_ends_with`, `regex`, `not_regex`, `gt`, `gte`, `lt`, `lte`,
 * `is_date_before`, `is_date_after`, and the `semver_*` family); an operator we do not know,
 * or a filter value it cannot parse, is undecided (`unsupported_definition`), never a crash.
 * The order of the checks follows posthog-node's, so both decide the same cases.
 */
import { type DateFilter, parseDateFilter, resolveDateFilter, toTimestamp } from "./dates.ts";
import { exactText, isBooleanLike, isJsonRepresentable, isTruthyLike } from "./json-text.ts";
import { compileRegexFilter, matchRegexFilter } from "./regex.ts";
import {
  caretRange,
  compareSemver,
  inSemverRange,
  parseSemver,
  type Semver,
  type SemverRange,
  tildeRange,
  wildcardRange,
} from "./semver.ts";
import type { Properties } from "./types.ts";
import { MISSING_CONTEXT, UNSUPPORTED, type Unresolved } from "./unresolved.ts";

/**
 * A compiled property filter.
 *
 * @param properties - The person's or group's properties.
 * @param nowMs - The moment of evaluation, for relative dates.
 * @internal
 */
export type PropertyMatcher = (properties: Properties, nowMs: number) => boolean | Unresolved;

type ValueMatcher = (actual: unknown, nowMs: number) => boolean | Unresolved;

/** The text operators: they match any value, read as text. */
const TEXT_OPERATORS = [
  "icontains",
  "not_icontains",
  "starts_with",
  "not_starts_with",
  "ends_with",
  "not_ends_with",
  "regex",
  "not_regex",
];

/** Operators that compare `null` as the text `"null"`, as PostHog's service does. */
const NULL_AS_TEXT = new Set(["exact", "is_not", ...TEXT_OPERATORS]);

const ALWAYS_SUPPORTED = new Set([
  "is_set",
  "is_not_set",
  ...TEXT_OPERATORS,
  "gt",
  "gte",
  "lt",
  "lte",
]);

const SEMVER_COMPARISONS: ReadonlyMap<string, (order: number) => boolean> = new Map([
  ["semver_eq", (order: number) => order === 0],
  ["semver_neq", (order: number) => order !== 0],
  ["semver_gt", (order: number) => order > 0],
  ["semver_gte", (order: number) => order >= 0],
  ["semver_lt", (order: number) => order < 0],
  ["semver_lte", (order: number) => order <= 0],
]);

const SEMVER_RANGES: ReadonlyMap<string, (value: unknown) => SemverRange | undefined> = new Map([
  ["semver_tilde", tildeRange],
  ["semver_caret", caretRange],
  ["semver_wildcard", wildcardRange],
]);

/** PostHog's operator as text, `exact` when absent. */
function operatorName(operator: unknown): string {
  if (typeof operator === "string" && operator !== "") return operator;
  return operator ? String(operator) : "exact";
}

/**
 * Compiles one property filter.
 *
 * @param key - The property the filter reads.
 * @param operator - PostHog's operator (`exact` when absent).
 * @param value - The filter's value.
 * @param matchingVersion - The definitions' `property_matching_version`.
 * @internal
 */
export function compilePropertyFilter(
  key: string,
  operator: unknown,
  value: unknown,
  matchingVersion: number | undefined,
): PropertyMatcher {
  const op = operatorName(operator);
  const unusable = filterIsUsable(op, value) ? undefined : UNSUPPORTED;
  const nullAsText = NULL_AS_TEXT.has(op);
  const body = compileOperator(op, value, matchingVersion);
  if (op === "is_set" || op === "is_not_set") {
    const present = op === "is_set";
    return (properties) => (Object.hasOwn(properties, key) ? present : MISSING_CONTEXT);
  }
  return (properties, nowMs) => {
    if (!Object.hasOwn(properties, key)) return unusable ?? MISSING_CONTEXT;
    const actual = properties[key];
    // `undefined` never reaches PostHog (JSON drops it): we cannot know what it would see.
    if (actual === undefined) return UNSUPPORTED;
    if (actual === null && !nullAsText) return false;
    const outcome = body(actual, nowMs);
    // A filter we cannot use outranks a context we cannot read.
    return outcome === MISSING_CONTEXT && unusable !== undefined ? unusable : outcome;
  };
}

/**
 * Whether local evaluation can use a filter whatever the properties: a known operator and
 * a value it can parse (posthog-node's `assertFeatureFlagFilterSupported`).
 *
 * @param operator - PostHog's operator (`exact` when absent).
 * @param value - The filter's value.
 * @internal
 */
export function filterIsUsable(operator: unknown, value: unknown): boolean {
  const op = operatorName(operator);
  if (op === "exact" || op === "is_not") {
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) if (exactText(item) === undefined) return false;
    return true;
  }
  if (ALWAYS_SUPPORTED.has(op)) return true;
  if (op === "is_date_before" || op === "is_date_after")
    return parseDateFilter(value) !== undefined;
  if (SEMVER_COMPARISONS.has(op)) return parseSemver(value) !== undefined;
  const range = SEMVER_RANGES.get(op);
  if (range !== undefined) return range(value) !== undefined;
  return false;
}

function compileOperator(
  op: string,
  value: unknown,
  matchingVersion: number | undefined,
): ValueMatcher {
  switch (op) {
    case "exact":
      return compileExact(value, matchingVersion);
    case "is_not": {
      const exact = compileExact(value, matchingVersion);
      return (actual, nowMs) => {
        const outcome = exact(actual, nowMs);
        return typeof outcome === "boolean" ? !outcome : outcome;
      };
    }
    case "icontains":
    case "not_icontains":
    case "starts_with":
    case "not_starts_with":
    case "ends_with":
    case "not_ends_with":
      return compileText(op, value);
    case "regex":
    case "not_regex":
      return compileRegex(op === "regex", value);
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return compileComparison(op, value);
    case "is_date_before":
    case "is_date_after":
      return compileDate(op === "is_date_before", parseDateFilter(value));
    default:
      return compileSemver(op, value);
  }
}

function compileExact(target: unknown, matchingVersion: number | undefined): ValueMatcher {
  const booleanLike = isBooleanLike(target);
  if ((matchingVersion !== 2 && booleanLike) || (Array.isArray(target) && target.length === 0)) {
    const truthy = isTruthyLike(target);
    return (actual) =>
      isJsonRepresentable(actual) ? truthy === isTruthyLike(actual) : MISSING_CONTEXT;
  }
  let textMatch: ValueMatcher;
  if (Array.isArray(target)) {
    const items = target.map((item) => exactText(item)?.toLowerCase());
    textMatch = (actual) => {
      const text = exactText(actual);
      if (text === undefined) return MISSING_CONTEXT;
      const lower = text.toLowerCase();
      for (const item of items) {
        if (item === undefined) return UNSUPPORTED;
        if (item === lower) return true;
      }
      return false;
    };
  } else {
    const expected = exactText(target)?.toLowerCase();
    textMatch =
      expected === undefined
        ? () => UNSUPPORTED
        : (actual) => {
            const text = exactText(actual);
            return text === undefined ? MISSING_CONTEXT : text.toLowerCase() === expected;
          };
  }
  if (matchingVersion === 2 && booleanLike) {
    // No spelling of a number equals a boolean-like filter.
    return (actual, nowMs) =>
      typeof actual === "number"
        ? isJsonRepresentable(actual)
          ? false
          : MISSING_CONTEXT
        : textMatch(actual, nowMs);
  }
  return textMatch;
}

/** PostHog folds ASCII letters only for substring, prefix and suffix operators. */
function asciiLower(value: unknown): string {
  const text = String(value);
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : text;
}

function compileText(op: string, value: unknown): ValueMatcher {
  const needle = asciiLower(value);
  switch (op) {
    case "icontains":
      return (actual) => asciiLower(actual).includes(needle);
    case "not_icontains":
      return (actual) => !asciiLower(actual).includes(needle);
    case "starts_with":
      return (actual) => asciiLower(actual).startsWith(needle);
    case "not_starts_with":
      return (actual) => !asciiLower(actual).startsWith(needle);
    case "ends_with":
      return (actual) => asciiLower(actual).endsWith(needle);
    default:
      return (actual) => !asciiLower(actual).endsWith(needle);
  }
}

function compileRegex(positive: boolean, value: unknown): ValueMatcher {
  const filter = compileRegexFilter(String(value));
  return (actual) => {
    const matched = matchRegexFilter(filter, String(actual));
    if (matched === null) return false;
    if (typeof matched !== "boolean") return matched;
    return positive ? matched : !matched;
  };
}

function compileComparison(op: string, value: unknown): ValueMatcher {
  const number = typeof value === "number" ? value : Number.parseFloat(String(value));
  const text = String(value);
  const numeric = Number.isFinite(number);
  const compare =
    op === "gt"
      ? <T>(a: T, b: T) => a > b
      : op === "gte"
        ? <T>(a: T, b: T) => a >= b
        : op === "lt"
          ? <T>(a: T, b: T) => a < b
          : <T>(a: T, b: T) => a <= b;
  return (actual) => {
    const actualNumber = typeof actual === "number" ? actual : Number.parseFloat(String(actual));
    if (numeric && Number.isFinite(actualNumber)) return compare(actualNumber, number);
    return compare(String(actual), text);
  };
}

function compileDate(before: boolean, filter: DateFilter | undefined): ValueMatcher {
  if (filter === undefined) return () => UNSUPPORTED;
  return (actual, nowMs) => {
    const ms = toTimestamp(actual);
    if (ms === undefined) return MISSING_CONTEXT;
    const bound = resolveDateFilter(filter, nowMs);
    return before ? ms < bound : ms > bound;
  };
}

function compileSemver(op: string, value: unknown): ValueMatcher {
  const comparison = SEMVER_COMPARISONS.get(op);
  if (comparison !== undefined) {
    const expected = parseSemver(value);
    if (expected === undefined) return () => UNSUPPORTED;
    return (actual) => {
      const version = parseSemver(actual);
      return version === undefined ? MISSING_CONTEXT : comparison(compareSemver(version, expected));
    };
  }
  const rangeOf = SEMVER_RANGES.get(op);
  const range = rangeOf?.(value);
  if (range === undefined) return () => UNSUPPORTED;
  return (actual) => {
    const version: Semver | undefined = parseSemver(actual);
    return version === undefined ? MISSING_CONTEXT : inSemverRange(version, range);
  };
}
