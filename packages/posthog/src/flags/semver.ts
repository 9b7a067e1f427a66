/**
 * The semantic versions of PostHog's `semver_*` operators, parsed as PostHog's flags
 * service parses them: a leading `v` and anything after `-` or `+` dropped, at most three
 * numeric parts (missing ones are 0), no leading zeros. Tilde, caret and wildcard filters
 * become half-open ranges `[lower, upper)`, computed once when definitions load.
 */

/** A version as `[major, minor, patch]`. */
export type Semver = readonly [number, number, number];

/** A half-open range of versions. */
export interface SemverRange {
  readonly lower: Semver;
  readonly upper: Semver;
}

const DIGITS = /^\d+$/;

function numericPart(part: string): number | undefined {
  if (!DIGITS.test(part) || (part.length > 1 && part[0] === "0")) return undefined;
  return Number.parseInt(part, 10);
}

/**
 * Parses a version, or gives `undefined` when it is not one.
 *
 * @param value - Anything; it is turned into a string first.
 * @example
 * ```ts
 * parseSemver("v1.2.3-beta"); // [1, 2, 3]
 * parseSemver("1.2");         // [1, 2, 0]
 * ```
 */
export function parseSemver(value: unknown): Semver | undefined {
  const text = String(value).trim().replace(/^[vV]/, "");
  const base = (text.split("-")[0] ?? "").split("+")[0] ?? "";
  if (base === "" || base.startsWith(".")) return undefined;
  const parts = base.split(".");
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    const part = parts[i];
    if (part === undefined || part === "") {
      out.push(0);
      continue;
    }
    const n = numericPart(part);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out as unknown as Semver;
}

/**
 * Compares two versions: negative, zero or positive.
 *
 * @param a - A version.
 * @param b - Another.
 */
export function compareSemver(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/**
 * Whether a version lies in a range.
 *
 * @param version - The version.
 * @param range - The range, upper bound excluded.
 */
export function inSemverRange(version: Semver, range: SemverRange): boolean {
  return compareSemver(version, range.lower) >= 0 && compareSemver(version, range.upper) < 0;
}

/**
 * The range of `~1.2.3`: `[1.2.3, 1.3.0)`.
 *
 * @param value - The filter's value.
 */
export function tildeRange(value: unknown): SemverRange | undefined {
  const v = parseSemver(value);
  if (v === undefined) return undefined;
  return { lower: v, upper: [v[0], v[1] + 1, 0] };
}

/**
 * The range of `^1.2.3`: `[1.2.3, 2.0.0)`, `[0.2.3, 0.3.0)` or `[0.0.3, 0.0.4)`.
 *
 * @param value - The filter's value.
 */
export function caretRange(value: unknown): SemverRange | undefined {
  const v = parseSemver(value);
  if (v === undefined) return undefined;
  const [major, minor, patch] = v;
  const upper: Semver =
    major > 0 ? [major + 1, 0, 0] : minor > 0 ? [0, minor + 1, 0] : [0, 0, patch + 1];
  return { lower: v, upper };
}

/**
 * The range of `1.2.*` (`[1.2.0, 1.3.0)`) or `1.*` (`[1.0.0, 2.0.0)`).
 *
 * @param value - The filter's value.
 */
export function wildcardRange(value: unknown): SemverRange | undefined {
  const text = String(value).trim().replace(/^[vV]/, "");
  const cleaned = text.replace(/\.\*$/, "").replace(/\*$/, "");
  if (cleaned === "") return undefined;
  const parts = cleaned.split(".");
  const major = numericPart(parts[0] ?? "");
  if (major === undefined) return undefined;
  if (parts.length === 1) return { lower: [major, 0, 0], upper: [major + 1, 0, 0] };
  const minor = numericPart(parts[1] ?? "");
  if (minor === undefined) return undefined;
  return { lower: [major, minor, 0], upper: [major, minor + 1, 0] };
}
