/**
 * The options of `FeatureFlags`, their defaults (posthog-node's: a 30 s definitions poll,
 * a 3 s `/flags` timeout with one retry) and their validation, done once when the object
 * is made. Each problem is an `"invalid-options"` `PostHogError` naming the option; a key's
 * value never appears in a message.
 */
import type { KyInstance } from "ky";
import { Result } from "typescript-result";
import { type PostHogLogger, silentLogger } from "../client/logger.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import type { FlagCalledEvent } from "./called-tracker.ts";

/**
 * Options of `FeatureFlags`.
 *
 * @example
 * ```ts
 * const options: FeatureFlagsOptions = {
 *   apiKey: "phc_…",
 *   personalApiKey: process.env.POSTHOG_PERSONAL_API_KEY, // local evaluation
 *   capture: (event) => posthog.capture(event),
 * };
 * ```
 */
export interface FeatureFlagsOptions {
  /** The project token (`phc_…`). */
  readonly apiKey: string;
  /** The ingestion host, where `/flags` and `/flags/definitions` live. @defaultValue `"https://us.i.posthog.com"` */
  readonly host?: string | undefined;
  /** A personal API key (`phx_…`) or a secret key (`phs_…`): turns local evaluation on. */
  readonly personalApiKey?: string | undefined;
  /** A `ky` instance to send through (the one the capture client uses). @defaultValue `ky` */
  readonly http?: KyInstance | undefined;
  /** A pino-compatible logger. @defaultValue silent */
  readonly logger?: PostHogLogger | undefined;
  /** Interval between two loads of the definitions, in ms. @defaultValue `30_000` */
  readonly featureFlagsPollingIntervalMs?: number | undefined;
  /** Timeout of each `/flags` attempt, in ms. @defaultValue `3_000` */
  readonly featureFlagsRequestTimeoutMs?: number | undefined;
  /** Retries of a `/flags` request after a transport failure, a 502 or a 504 (0–10). @defaultValue `1` */
  readonly featureFlagsRequestMaxRetries?: number | undefined;
  /** Timeout of a `/flags/definitions` request, in ms. @defaultValue `10_000` */
  readonly definitionsRequestTimeoutMs?: number | undefined;
  /** Never ask PostHog to evaluate: what local evaluation cannot decide stays undecided. @defaultValue `false` */
  readonly strictLocalEvaluation?: boolean | undefined;
  /** Whether flag reads send `$feature_flag_called` unless told otherwise. @defaultValue `true` */
  readonly sendFeatureFlagEvent?: boolean | undefined;
  /** Ask PostHog not to use the request's IP for flags (`geoip_disable`). @defaultValue `false` */
  readonly disableGeoip?: boolean | undefined;
  /** Evaluate only flags with no evaluation context or one of these. */
  readonly evaluationContexts?: readonly string[] | undefined;
  /** Sends a `$feature_flag_called` event (wired to the capture actor). @defaultValue drops it */
  readonly capture?: ((event: FlagCalledEvent) => void) | undefined;
  /** Distinct ids the `$feature_flag_called` tracker remembers. @defaultValue `50_000` */
  readonly flagCalledCacheSize?: number | undefined;
  /** The clock. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

/** The options with defaults filled in. @internal */
export interface ResolvedFlagsOptions {
  readonly apiKey: string;
  readonly host: string;
  readonly personalApiKey: string | undefined;
  readonly http: KyInstance | undefined;
  readonly logger: PostHogLogger;
  readonly pollingIntervalMs: number;
  readonly requestTimeoutMs: number;
  readonly maxRetries: number;
  readonly definitionsTimeoutMs: number;
  readonly strictLocalEvaluation: boolean;
  readonly sendFeatureFlagEvent: boolean;
  readonly disableGeoip: boolean;
  readonly evaluationContexts: readonly string[] | undefined;
  readonly capture: (event: FlagCalledEvent) => void;
  readonly flagCalledCacheSize: number;
  readonly now: () => number;
}

function invalid(option: string, message: string): Result<never, PostHogError<"invalid-options">> {
  return Result.error(new PostHogError("invalid-options", { option }, { message }));
}

function positive(
  option: string,
  value: number | undefined,
  fallback: number,
): Result<number, PostHogError<"invalid-options">> {
  if (value === undefined) return Result.ok(fallback);
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    return invalid(
      option,
      `\`${option}\` must be a number of milliseconds > 0, received ${String(value)}`,
    );
  }
  return Result.ok(value);
}

/**
 * Checks the options and fills in the defaults.
 *
 * @param options - The options given.
 * @internal
 */
export function resolveFlagsOptions(
  options: FeatureFlagsOptions,
): Result<ResolvedFlagsOptions, PostHogError<"invalid-options">> {
  const { apiKey, personalApiKey } = options;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    return invalid("apiKey", "`apiKey` must be the project token (phc_…), received an empty value");
  }
  if (/^ph[xs]_/.test(apiKey)) {
    return invalid(
      "apiKey",
      "`apiKey` must be the project token (phc_…), not a personal or secret key",
    );
  }
  if (
    personalApiKey !== undefined &&
    (typeof personalApiKey !== "string" || personalApiKey.trim() === "")
  ) {
    return invalid(
      "personalApiKey",
      "`personalApiKey` must be a personal (phx_…) or secret (phs_…) key",
    );
  }
  const host = (options.host ?? "https://us.i.posthog.com").replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/.test(host)) {
    return invalid(
      "host",
      `\`host\` must be an http(s) URL, received ${JSON.stringify(options.host)}`,
    );
  }
  const retries = options.featureFlagsRequestMaxRetries ?? 1;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    return invalid(
      "featureFlagsRequestMaxRetries",
      `\`featureFlagsRequestMaxRetries\` must be an integer from 0 to 10, received ${String(retries)}`,
    );
  }
  const cacheSize = options.flagCalledCacheSize ?? 50_000;
  if (!Number.isInteger(cacheSize) || cacheSize < 1) {
    return invalid(
      "flagCalledCacheSize",
      `\`flagCalledCacheSize\` must be an integer >= 1, received ${String(cacheSize)}`,
    );
  }
  const interval = positive(
    "featureFlagsPollingIntervalMs",
    options.featureFlagsPollingIntervalMs,
    30_000,
  );
  if (!interval.ok) return interval;
  const timeout = positive(
    "featureFlagsRequestTimeoutMs",
    options.featureFlagsRequestTimeoutMs,
    3_000,
  );
  if (!timeout.ok) return timeout;
  const definitionsTimeout = positive(
    "definitionsRequestTimeoutMs",
    options.definitionsRequestTimeoutMs,
    10_000,
  );
  if (!definitionsTimeout.ok) return definitionsTimeout;
  return Result.ok({
    apiKey,
    host,
    personalApiKey: personalApiKey === undefined ? undefined : personalApiKey.trim(),
    http: options.http,
    logger: options.logger ?? silentLogger,
    pollingIntervalMs: interval.value,
    requestTimeoutMs: timeout.value,
    maxRetries: retries,
    definitionsTimeoutMs: definitionsTimeout.value,
    strictLocalEvaluation: options.strictLocalEvaluation ?? false,
    sendFeatureFlagEvent: options.sendFeatureFlagEvent ?? true,
    disableGeoip: options.disableGeoip ?? false,
    evaluationContexts: options.evaluationContexts,
    capture: options.capture ?? (() => {}),
    flagCalledCacheSize: cacheSize,
    now: options.now ?? Date.now,
  });
}
