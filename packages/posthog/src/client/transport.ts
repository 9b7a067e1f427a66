/**
 * The HTTP plumbing every call of the client goes through: one shared `ky` instance, the
 * retry policy expressed as ky retry options plus three small per-call hooks, and the
 * outcome as a `Result`. `beforeRequest` numbers the attempt and rebuilds the body when the
 * call asks for a fresh one per attempt (a new `sent_at`); `afterResponse` reads the body
 * within the attempt's `timeoutMs` (ky's own timeout stops at the headers), so a slow body
 * is a timeout that is retried like any other; `beforeRetry` adds the `Retry-After` floor
 * to ky's backoff wait, then reports the retry to the logger and `onRetry`. An abort of the
 * caller's signal ends the attempt, ky's wait and the floor wait at once.
 */

import ky, {
  type AfterResponseHook,
  type BeforeRequestHook,
  type BeforeRetryHook,
  type KyInstance,
  TimeoutError,
} from "ky";
import { Result } from "typescript-result";
import type { PostHogError } from "../errors/posthog-error.ts";
import type { PostHogLogger } from "./logger.ts";
import type { ResolvedOptions } from "./options.ts";
import { kyRetryOptions } from "./retry-policy.ts";
import { apiError, BodyEncodingError, toPostHogError } from "./to-error.ts";
import { VERSION } from "./version.ts";
import { readBodyWithin, waitForRetryAfter } from "./waits.ts";

/**
 * What a call's `onRetry` receives before each retry.
 *
 * @example
 * ```ts
 * client.captureBatch(events, { onRetry: ({ attempt, delayMs, status }) => metrics.retry(attempt, status) });
 * ```
 */
export interface RetryInfo {
  /** The attempt about to be made: 2 for the first retry, up to `retry.limit + 1`. */
  readonly attempt: number;
  /** How long the client waited before it (backoff with jitter, or the `Retry-After` floor). */
  readonly delayMs: number;
  /** The status of the failed attempt, when it had an answer. */
  readonly status?: number;
  /** Why the previous attempt failed. */
  readonly error?: PostHogError;
}

/**
 * Options every call takes.
 *
 * @example
 * ```ts
 * await client.captureBatch(events, { signal: AbortSignal.timeout(30_000) });
 * ```
 */
export interface CallOptions {
  /** Aborting it ends the request and any retry wait at once (a `"request"` error, reason `"abort"`). */
  readonly signal?: AbortSignal | undefined;
  /** Called before each retry, to count and report them. */
  readonly onRetry?: ((info: RetryInfo) => void) | undefined;
}

/** One call, as the transport sends it. @internal */
export interface TransportRequest {
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Builds the body; called once per attempt when `freshBodyPerAttempt`, else once. */
  readonly body?: (() => Promise<Uint8Array | string>) | undefined;
  readonly freshBodyPerAttempt?: boolean;
  /** Overrides the client's `timeoutMs` for this call. */
  readonly timeoutMs?: number | undefined;
  /** Overrides the client's `retry.limit` for this call. */
  readonly retryLimit?: number | undefined;
}

/** A success answer, its body read. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** How many attempts it took. */
  readonly attempts: number;
}

interface CallState {
  readonly timeoutMs: number;
  attempt: number;
  attemptStartedAt: number;
  failedAt: number;
}

/** The User-Agent of every request. */
export const USER_AGENT = `tsactor-posthog/${VERSION}`;

/** Sends calls through one shared ky instance with the retry policy. @internal */
export class Transport {
  readonly #http: KyInstance;
  readonly #options: ResolvedOptions;
  readonly #logger: PostHogLogger;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#http = (options.http ?? ky).extend({
      timeout: options.timeoutMs,
      throwHttpErrors: true,
      headers: { "user-agent": USER_AGENT },
    });
  }

  /**
   * Sends one call, retrying as the policy says.
   *
   * @param request - Method, absolute URL, headers and body.
   * @param options - The caller's signal and `onRetry`.
   * @returns The success answer, or the `PostHogError` of the last attempt.
   */
  async send(
    request: TransportRequest,
    options: CallOptions = {},
  ): Promise<Result<HttpAnswer, PostHogError>> {
    const { signal } = options;
    const path = new URL(request.url).pathname;
    const log = { method: request.method, path };
    const timeoutMs = request.timeoutMs ?? this.#options.timeoutMs;
    const state: CallState = {
      timeoutMs,
      attempt: 1,
      attemptStartedAt: Date.now(),
      failedAt: Date.now(),
    };
    const policy = {
      ...this.#options.retry,
      limit: request.retryLimit ?? this.#options.retry.limit,
    };
    const startedAt = Date.now();
    try {
      signal?.throwIfAborted();
      const body = request.body === undefined ? undefined : await buildBody(request.body);
      signal?.throwIfAborted();
      const response = await this.#http(request.url, {
        method: request.method,
        ...(request.headers === undefined ? {} : { headers: request.headers }),
        ...(body === undefined ? {} : { body }),
        ...(signal === undefined ? {} : { signal }),
        timeout: timeoutMs,
        retry: kyRetryOptions(policy, () => {
          state.failedAt = Date.now();
        }),
        hooks: {
          beforeRequest: [this.#beforeRequest(request, state)],
          afterResponse: [this.#afterResponse(state, log)],
          beforeRetry: [this.#beforeRetry(state, log, options)],
        },
      });
      const text = await response.text();
      this.#logger.debug(
        { ...log, attempts: state.attempt, status: response.status, ms: Date.now() - startedAt },
        "PostHog call succeeded",
      );
      return Result.ok({
        status: response.status,
        headers: response.headers,
        text,
        attempts: state.attempt,
      });
    } catch (thrown) {
      const error = await toPostHogError(thrown, signal);
      const aborted = error.kind === "request" && error.reason === "abort";
      this.#logger[aborted ? "info" : "warn"](
        {
          ...log,
          attempts: state.attempt,
          ms: Date.now() - startedAt,
          kind: error.kind,
          ...(error.kind === "api" ? { status: error.status, code: error.code } : {}),
          ...(error.kind === "request" ? { reason: error.reason } : {}),
          error: error.message,
        },
        "PostHog call failed",
      );
      return Result.error(error);
    }
  }

  #beforeRequest(request: TransportRequest, state: CallState): BeforeRequestHook {
    return async (kyRequest, _options, { retryCount }) => {
      state.attempt = retryCount + 1;
      state.attemptStartedAt = Date.now();
      if (retryCount === 0 || !request.freshBodyPerAttempt || request.body === undefined) return;
      const body = await buildBody(request.body);
      return new Request(kyRequest, { body });
    };
  }

  #afterResponse(state: CallState, log: Record<string, unknown>): AfterResponseHook {
    return async (kyRequest, _options, response) => {
      const remaining = state.timeoutMs - (Date.now() - state.attemptStartedAt);
      const bytes = await readBodyWithin(response, Math.max(0, remaining));
      const ms = Date.now() - state.attemptStartedAt;
      if (bytes === undefined) {
        this.#logger.debug(
          { ...log, attempt: state.attempt, status: response.status, ms },
          "PostHog answer body timed out",
        );
        throw new TimeoutError(kyRequest);
      }
      this.#logger.debug(
        { ...log, attempt: state.attempt, status: response.status, ms },
        "PostHog answered",
      );
      const empty = bytes.byteLength === 0 || [101, 204, 205, 304].includes(response.status);
      return new Response(empty ? null : bytes, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  #beforeRetry(
    state: CallState,
    log: Record<string, unknown>,
    options: CallOptions,
  ): BeforeRetryHook {
    return async ({ error, retryCount }) => {
      await waitForRetryAfter(
        error,
        this.#options.retry.maxRetryAfterMs,
        state.failedAt,
        options.signal,
      );
      const delayMs = Date.now() - state.failedAt;
      const failure = await describeFailure(error);
      const info: RetryInfo = {
        attempt: retryCount + 1,
        delayMs,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        error: failure.error,
      };
      this.#logger.info(
        {
          ...log,
          attempt: info.attempt,
          delayMs,
          status: info.status,
          kind: failure.error.kind,
          error: failure.error.message,
        },
        "Retrying PostHog call",
      );
      if (options.onRetry !== undefined) {
        try {
          options.onRetry(info);
        } catch (callbackError) {
          this.#logger.error(
            {
              ...log,
              error: callbackError instanceof Error ? callbackError.message : String(callbackError),
            },
            "onRetry threw; ignored",
          );
        }
      }
    };
  }
}

async function buildBody(build: () => Promise<Uint8Array | string>): Promise<Uint8Array | string> {
  try {
    return await build();
  } catch (cause) {
    throw new BodyEncodingError(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

async function describeFailure(
  error: Error,
): Promise<{ status: number | undefined; error: PostHogError }> {
  if ("response" in error && error.response instanceof Response) {
    return { status: error.response.status, error: await apiError(error.response.clone()) };
  }
  return { status: undefined, error: await toPostHogError(error, undefined) };
}
