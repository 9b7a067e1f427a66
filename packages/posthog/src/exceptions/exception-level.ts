/**
 * Normalises a severity name to PostHog's canonical `$exception_level` vocabulary, as the
 * `exception-event-metadata` spec maps them: `critical`/`alert`/`emergency` → `fatal`,
 * `warn` → `warning`, `notice` → `info`, `trace` → `debug`. Anything else is not a level.
 */

import type { ExceptionLevel } from "./types.ts";

const LEVELS: Readonly<Record<string, ExceptionLevel>> = {
  fatal: "fatal",
  critical: "fatal",
  alert: "fatal",
  emergency: "fatal",
  error: "error",
  log: "log",
  warning: "warning",
  warn: "warning",
  info: "info",
  notice: "info",
  debug: "debug",
  trace: "debug",
};

/**
 * The canonical level for a severity name (case-insensitive), or `undefined` when it is
 * not one.
 *
 * @param level - A native or canonical severity name.
 * @example
 * ```ts
 * normalizeExceptionLevel("WARN"); // "warning"
 * normalizeExceptionLevel("verbose"); // undefined
 * ```
 */
export function normalizeExceptionLevel(level: unknown): ExceptionLevel | undefined {
  if (typeof level !== "string") return undefined;
  const key = level.trim().toLowerCase();
  return Object.hasOwn(LEVELS, key) ? LEVELS[key] : undefined;
}
