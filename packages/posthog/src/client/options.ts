/**
 * The options of `PostHogClient`, their defaults, and their validation. Options are
 * checked once, when the client is made; each problem is an `"invalid-options"`
 * `PostHogError` that names the option and says what was received, except for keys, whose
 * values never appear in a message (at most their prefix).
 */

import type { KyInstance } from "ky";
import { Result } from "typescript-result";
import { PostHogError } from "../errors/posthog-error.ts";
import { deriveApiHost } from "./api-host.ts";
import { type PostHogLogger, silentLogger } from "./logger.ts";

/**
 * The retry policy. Up to `limit + 1` attempts in all; the n-th retry waits
 * d + random(0..d/4) with d = `baseDelayMs`·2^(n−1), the whole capped at `maxDelayMs`;
 * a `Retry-After` answer is a floor for that wait, itself capped at `maxRetryAfterMs`.
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = { limit: 3, baseDelayMs: 200 };
 * ```
 */
export interface RetryPolicy {
  /** Retries after the first attempt, 0–10. @defaultValue `5` (6 attempts in all) */
  readonly limit?: number;
  /** d of the first retry, in ms. @defaultValue `100` */
  readonly baseDelayMs?: number;
  /** Cap of the backoff (jitter included), in ms; at least `baseDelayMs`. @defaultValue `30_000` */
  readonly maxDelayMs?: number;
  /** Cap of a `Retry-After` floor, in ms. @defaultValue `60_000` */
  readonly maxRetryAfterMs?: number;
}

/**
 * Options of `PostHogClient`.
 *
 * @example
 * ```ts
 * const options: PostHogClientOptions = {
 *   apiKey: "phc_…",
 *   personalApiKey: process.env.POSTHOG_PERSONAL_API_KEY,
 *   host: "https://eu.i.posthog.com",
 * };
 * ```
 */
export interface PostHogClientOptions {
  /** The project token (`phc_…`), public, for ingestion. A personal key here is refused. */
  readonly apiKey: string;
  /** A personal API key (`phx_…`, or a `phs_…` secret key), for the private API only. */
  readonly personalApiKey?: string | undefined;
  /** The ingestion host, an http(s) URL. @defaultValue `"https://us.i.posthog.com"` */
  readonly host?: string | undefined;
  /**
   * The private-API host. @defaultValue derived from `host`: `us.i.posthog.com` →
   * `us.posthog.com`, `eu.i.posthog.com` → `eu.posthog.com`, otherwise `host` itself.
   */
  readonly apiHost?: string | undefined;
  /** The project filled into `{project_id}`. @defaultValue `"@current"` (the key's project) */
  readonly projectId?: string | number | undefined;
  /** Timeout of each attempt (answer and body), in ms. @defaultValue `10_000` */
  readonly timeoutMs?: number | undefined;
  /** The retry policy; each field has its default. */
  readonly retry?: RetryPolicy | undefined;
  /** A `ky` instance to send through (its own hooks and headers are kept). @defaultValue `ky` */
  readonly http?: KyInstance | undefined;
  /** A pino-compatible logger. @defaultValue silent */
  readonly logger?: PostHogLogger | undefined;
}

/** The options with every default filled in; what the client works from. @internal */
export interface ResolvedOptions {
  readonly apiKey: string;
  readonly personalApiKey: string | undefined;
  readonly host: string;
  readonly apiHost: string;
  readonly projectId: string;
  readonly timeoutMs: number;
  readonly retry: Required<RetryPolicy>;
  readonly http: KyInstance | undefined;
  readonly logger: PostHogLogger;
}

/** The default ingestion host. */
export const DEFAULT_HOST = "https://us.i.posthog.com";

/** The default retry policy. */
export const DEFAULT_RETRY: Required<RetryPolicy> = Object.freeze({
  limit: 5,
  baseDelayMs: 100,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
});

const MAX_TIMEOUT_MS = 2_147_483_647; // ky and setTimeout refuse more
const PERSONAL_PREFIXES = ["phx_", "phs_"];

/**
 * Checks the options and fills the defaults.
 *
 * @param options - What the user passed.
 * @returns The resolved options, or an `"invalid-options"` error naming the first bad option.
 */
export function resolveOptions(
  options: PostHogClientOptions,
): Result<ResolvedOptions, PostHogError<"invalid-options">> {
  if (typeof options !== "object" || options === null) {
    return invalid("options", "the options must be an object");
  }
  const { apiKey, personalApiKey } = options;
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    return invalid("apiKey", "`apiKey` must be your project token (phc_…), a non-empty string");
  }
  const apiKeyPrefix = PERSONAL_PREFIXES.find((prefix) => apiKey.startsWith(prefix));
  if (apiKeyPrefix !== undefined) {
    return invalid(
      "apiKey",
      `\`apiKey\` must be the project token (phc_…), but a ${apiKeyPrefix}… key was passed: pass personal keys as \`personalApiKey\``,
    );
  }
  if (personalApiKey !== undefined) {
    if (
      typeof personalApiKey !== "string" ||
      !PERSONAL_PREFIXES.some((prefix) => personalApiKey.startsWith(prefix))
    ) {
      const hint =
        typeof personalApiKey === "string" && personalApiKey.startsWith("phc_")
          ? "a project token (phc_…) was passed: pass it as `apiKey`"
          : "it does not start with phx_ or phs_";
      return invalid(
        "personalApiKey",
        `\`personalApiKey\` must be a personal API key (phx_…) or a secret key (phs_…): ${hint}`,
      );
    }
  }
  const host = parseHost("host", options.host ?? DEFAULT_HOST);
  if (!host.ok) return host;
  const apiHost = parseHost("apiHost", options.apiHost ?? deriveApiHost(host.value));
  if (!apiHost.ok) return apiHost;
  const projectId = parseProjectId(options.projectId);
  if (!projectId.ok) return projectId;

  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!isNumberIn(timeoutMs, Number.MIN_VALUE, MAX_TIMEOUT_MS)) {
    return invalid(
      "timeoutMs",
      `\`timeoutMs\` must be a number of ms > 0, received ${show(timeoutMs)}`,
    );
  }
  const retry = parseRetry(options.retry);
  if (!retry.ok) return retry;

  const { http, logger } = options;
  if (http !== undefined && (typeof http !== "function" || typeof http.extend !== "function")) {
    return invalid("http", "`http` must be a ky instance (from `ky.create()` or `ky.extend()`)");
  }
  if (logger !== undefined && !isLogger(logger)) {
    return invalid(
      "logger",
      "`logger` must have debug, info, warn and error functions (pino-compatible)",
    );
  }
  return Result.ok({
    apiKey,
    personalApiKey,
    host: host.value,
    apiHost: apiHost.value,
    projectId: projectId.value,
    timeoutMs,
    retry: retry.value,
    http,
    logger: logger ?? silentLogger,
  });
}

function parseHost(
  option: "host" | "apiHost",
  value: unknown,
): Result<string, PostHogError<"invalid-options">> {
  const text = typeof value === "string" ? value.trim() : "";
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return invalid(option, `\`${option}\` must be an http(s) URL, received ${show(value)}`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    return invalid(
      option,
      `\`${option}\` must be a plain http(s) URL (no query, hash or credentials)`,
    );
  }
  return Result.ok(`${url.origin}${url.pathname.replace(/\/+$/, "")}`);
}

function parseProjectId(value: unknown): Result<string, PostHogError<"invalid-options">> {
  if (value === undefined) return Result.ok("@current");
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) {
    return Result.ok(String(value));
  }
  if (typeof value === "string" && /^(@current|[A-Za-z0-9_-]+)$/.test(value)) {
    return Result.ok(value);
  }
  return invalid(
    "projectId",
    `\`projectId\` must be a positive integer or "@current", received ${show(value)}`,
  );
}

function parseRetry(
  value: RetryPolicy | undefined,
): Result<Required<RetryPolicy>, PostHogError<"invalid-options">> {
  if (value !== undefined && (typeof value !== "object" || value === null)) {
    return invalid(
      "retry",
      "`retry` must be an object ({ limit, baseDelayMs, maxDelayMs, maxRetryAfterMs })",
    );
  }
  const retry = { ...DEFAULT_RETRY, ...stripUndefined(value ?? {}) };
  if (!Number.isInteger(retry.limit) || retry.limit < 0 || retry.limit > 10) {
    return invalid(
      "retry.limit",
      `\`retry.limit\` must be an integer from 0 to 10, received ${show(retry.limit)}`,
    );
  }
  if (!isNumberIn(retry.baseDelayMs, 0, MAX_TIMEOUT_MS)) {
    return invalid(
      "retry.baseDelayMs",
      `\`retry.baseDelayMs\` must be a number of ms ≥ 0, received ${show(retry.baseDelayMs)}`,
    );
  }
  if (!isNumberIn(retry.maxDelayMs, retry.baseDelayMs, MAX_TIMEOUT_MS)) {
    return invalid(
      "retry.maxDelayMs",
      `\`retry.maxDelayMs\` must be a number of ms ≥ \`retry.baseDelayMs\` (${retry.baseDelayMs}), received ${show(retry.maxDelayMs)}`,
    );
  }
  if (!isNumberIn(retry.maxRetryAfterMs, 0, MAX_TIMEOUT_MS)) {
    return invalid(
      "retry.maxRetryAfterMs",
      `\`retry.maxRetryAfterMs\` must be a number of ms ≥ 0, received ${show(retry.maxRetryAfterMs)}`,
    );
  }
  return Result.ok(retry);
}

function stripUndefined(value: RetryPolicy): RetryPolicy {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= min && value <= max;
}

function isLogger(value: unknown): value is PostHogLogger {
  if (typeof value !== "object" || value === null) return false;
  const logger = value as Record<string, unknown>;
  return ["debug", "info", "warn", "error"].every((level) => typeof logger[level] === "function");
}

/** Shows a received value in a message; only ever called on values that are not keys. */
function show(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === "number" || typeof value === "boolean" || value == null)
    return String(value);
  return typeof value;
}

function invalid(option: string, message: string): Result.Error<PostHogError<"invalid-options">> {
  return Result.error(new PostHogError("invalid-options", { option }, { message }));
}
