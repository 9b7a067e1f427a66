/**
 * `FeatureFlagsError`: the expected failures of feature flags, returned in `Result`s and
 * emitted as `"error"` events, never thrown. Its `kind` says what went wrong: no flag with
 * that key (`"flag-missing"`), local evaluation could not decide and remote evaluation was
 * not allowed (`"inconclusive"`, with PostHog's reason), PostHog could not be asked or
 * answered with an error (`"remote"`, the `PostHogError` as `cause`), the project is over
 * its flags quota (`"quota-limited"`), the key cannot load definitions (`"unauthorized"`),
 * a call that needs a distinct id got none (`"invalid-input"`), or the flags were shut
 * down (`"shut-down"`).
 */
import type { PostHogError } from "../errors/posthog-error.ts";
import type { UnresolvedReason } from "./types.ts";

/** Every kind of {@link FeatureFlagsError}. */
export type FeatureFlagsErrorKind =
  | "flag-missing"
  | "inconclusive"
  | "remote"
  | "quota-limited"
  | "unauthorized"
  | "invalid-input"
  | "shut-down";

/** Options of the {@link FeatureFlagsError} constructor. */
export interface FeatureFlagsErrorOptions {
  /** The flag concerned, if one. */
  readonly flagKey?: string | undefined;
  /** For `"inconclusive"`: why local evaluation could not decide. */
  readonly reason?: UnresolvedReason | undefined;
  /** For `"unauthorized"` and `"remote"` answers: the HTTP status. */
  readonly status?: number | undefined;
  /** The underlying error (a `PostHogError` for `"remote"`). */
  readonly cause?: PostHogError | Error | undefined;
}

const MESSAGES: Readonly<Record<FeatureFlagsErrorKind, string>> = {
  "flag-missing": "No feature flag with this key",
  inconclusive: "Local evaluation cannot decide this flag and remote evaluation is off",
  remote: "Remote flag evaluation failed",
  "quota-limited": "The project is over its feature flags quota",
  unauthorized: "The personal or secret key cannot load flag definitions",
  "invalid-input": "Invalid input",
  "shut-down": "Feature flags are shut down",
};

/**
 * An expected failure of feature flags.
 *
 * @example
 * ```ts
 * const value = await flags.getFeatureFlag("beta", "user-1");
 * if (!value.ok && value.error.kind === "inconclusive") logger.info({ reason: value.error.reason }, "left to PostHog");
 * ```
 */
export class FeatureFlagsError extends Error {
  override readonly name = "FeatureFlagsError" as const;
  readonly kind: FeatureFlagsErrorKind;
  readonly flagKey: string | undefined;
  readonly reason: UnresolvedReason | undefined;
  readonly status: number | undefined;

  /**
   * @param kind - What went wrong.
   * @param message - A message; a clear one is made from the kind when omitted.
   * @param options - The flag, reason, status and cause.
   */
  constructor(
    kind: FeatureFlagsErrorKind,
    message?: string,
    options: FeatureFlagsErrorOptions = {},
  ) {
    const text = message ?? MESSAGES[kind];
    super(options.flagKey === undefined ? text : `${text}: ${options.flagKey}`, {
      cause: options.cause,
    });
    this.kind = kind;
    this.flagKey = options.flagKey;
    this.reason = options.reason;
    this.status = options.status;
  }
}

/**
 * Whether a value is a {@link FeatureFlagsError} (of one kind when given); also matches by
 * `name`, for an error from another copy of the package.
 *
 * @param value - Anything.
 * @param kind - Only this kind.
 */
export function isFeatureFlagsError(
  value: unknown,
  kind?: FeatureFlagsErrorKind,
): value is FeatureFlagsError {
  const matches =
    value instanceof FeatureFlagsError ||
    (value instanceof Error && value.name === "FeatureFlagsError");
  return matches && (kind === undefined || (value as FeatureFlagsError).kind === kind);
}
