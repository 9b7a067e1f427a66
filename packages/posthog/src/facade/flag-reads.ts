/**
 * How the facade turns the `Result`s of `FeatureFlags` into posthog-node's plain answers:
 * the value when there is one, else the caller's default (or `undefined`), never a throw.
 * The typed error does not vanish: it is emitted as the facade's `"error"` event, unless
 * it only says that there is no value (no flag with that key, or one local evaluation
 * cannot decide while remote evaluation is off), which is an answer, not a failure.
 */
import type { Result } from "typescript-result";
import type { FeatureFlagsError } from "../flags/errors.ts";

/**
 * Whether a flags error is a failure worth reporting, rather than "no value".
 *
 * @param error - The error of a flag call.
 * @example
 * ```ts
 * isReportedFlagsError(new FeatureFlagsError("flag-missing")); // false
 * ```
 */
export function isReportedFlagsError(error: FeatureFlagsError): boolean {
  return error.kind !== "flag-missing" && error.kind !== "inconclusive";
}

/**
 * The value of a flag call, or the fallback; a failure is handed to `report`.
 *
 * @param result - What `FeatureFlags` answered.
 * @param fallback - What to answer without a value.
 * @param report - Told about a failure worth reporting.
 */
export function valueOr<T, F>(
  result: Result<T, FeatureFlagsError>,
  fallback: F,
  report: (error: FeatureFlagsError) => void,
): T | F {
  if (result.ok) return result.value as T;
  if (isReportedFlagsError(result.error)) report(result.error);
  return fallback;
}
