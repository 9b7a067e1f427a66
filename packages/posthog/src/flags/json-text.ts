/**
 * How PostHog's flags service turns values into text for `exact` / `is_not`, and where
 * JavaScript cannot follow it. The service compares JSON spellings, case-insensitively;
 * JavaScript has one `number` for JSON's integers and integral floats, so an integral
 * number (`5` could be `5` or `5.0`) has no certain spelling and is left undecided, as are
 * lone surrogates, non-finite numbers and values that are not JSON at all. The legacy
 * truthy matching (`"true"`, `false`, `[true, "TRUE"]`) lives here too.
 */

/**
 * Whether a value reads as a boolean: a boolean, `"true"`/`"false"` in any case, or an array
 * of such (holes count as `null`, which does not).
 *
 * @param value - A filter or property value.
 */
export function isBooleanLike(value: unknown): boolean {
  if (typeof value === "boolean") return true;
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    return lower === "true" || lower === "false";
  }
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    if (!isBooleanLike(i in value ? value[i] : null)) return false;
  }
  return true;
}

/**
 * Whether a value reads as `true` (an array: every element does).
 *
 * @param value - A filter or property value.
 */
export function isTruthyLike(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "string") return value.toLowerCase() === "true";
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) {
    if (!isTruthyLike(i in value ? value[i] : null)) return false;
  }
  return true;
}

function isScalarString(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (i + 1 >= value.length || next < 0xdc00 || next > 0xdfff) return false;
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      return false;
    }
  }
  return true;
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Whether PostHog's service could receive this value as JSON at all.
 *
 * @param value - A property value.
 */
export function isJsonRepresentable(value: unknown, seen: Set<object> = new Set()): boolean {
  if (value === null || typeof value === "boolean") return true;
  if (typeof value === "string") return isScalarString(value);
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value !== "object" || seen.has(value)) return false;
  if (!Array.isArray(value) && !isPlainObject(value)) return false;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (i in value && !isJsonRepresentable(value[i], seen)) return false;
      }
      return true;
    }
    for (const key of Object.keys(value)) {
      if (
        !isScalarString(key) ||
        !isJsonRepresentable((value as Record<string, unknown>)[key], seen)
      )
        return false;
    }
    return true;
  } finally {
    seen.delete(value);
  }
}

function compareCodePoints(left: string, right: string): number {
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const a = left.codePointAt(i) as number;
    const b = right.codePointAt(j) as number;
    if (a !== b) return a - b;
    i += a > 0xffff ? 2 : 1;
    j += b > 0xffff ? 2 : 1;
  }
  return left.length - right.length;
}

/**
 * A value's JSON text as PostHog's service writes it (object keys sorted by code point),
 * or `undefined` when JavaScript cannot know that text.
 *
 * @param value - A filter or property value.
 */
export function jsonText(value: unknown, seen: Set<object> = new Set()): string | undefined {
  if (value === null) return "null";
  if (typeof value === "string") return isScalarString(value) ? JSON.stringify(value) : undefined;
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    return Number.isFinite(value) && !Number.isInteger(value) ? String(value) : undefined;
  }
  if (typeof value !== "object" || seen.has(value)) return undefined;
  if (!Array.isArray(value) && !isPlainObject(value)) return undefined;
  seen.add(value);
  try {
    const parts: string[] = [];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const text = i in value ? jsonText(value[i], seen) : "null";
        if (text === undefined) return undefined;
        parts.push(text);
      }
      return `[${parts.join(",")}]`;
    }
    const keys = Object.keys(value);
    if (!keys.every(isScalarString)) return undefined;
    keys.sort(compareCodePoints);
    for (const key of keys) {
      const text = jsonText((value as Record<string, unknown>)[key], seen);
      if (text === undefined) return undefined;
      parts.push(`${JSON.stringify(key)}:${text}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    seen.delete(value);
  }
}

/**
 * The text `exact` compares: a string as it is, anything else as its JSON text; `undefined`
 * when unknowable.
 *
 * @param value - A filter or property value.
 */
export function exactText(value: unknown): string | undefined {
  if (typeof value === "string") return isScalarString(value) ? value : undefined;
  return jsonText(value);
}
