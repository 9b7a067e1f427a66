/**
 * Sends one batch with PostHog's V1 capture protocol (`POST /i/v1/analytics/events`) and
 * reports what became of each event. The whole exchange is one `ky` call on the shared
 * instance, with the client's retry policy: 408/429/5xx, timeouts and network errors are
 * retried by ky (with the `Retry-After` floor), and a 200 answer that asks for some events
 * again is a forced ky retry (`ky.retry`) carrying only those events, after the backoff or
 * the answer's `Retry-After`, whichever is longer. Every attempt is rebuilt in
 * `beforeRequest`: the same `PostHog-Request-Id` and `created_at` for the whole batch, the
 * next `PostHog-Attempt`, a fresh `PostHog-Request-Timestamp`, and the body of the events
 * still pending, compressed as configured. `retry.limit` bounds all attempts together.
 */

import ky, { HTTPError, isForceRetryError, type KyInstance } from "ky";
import { Result } from "typescript-result";
import { type Compression, compress } from "../../client/compression.ts";
import { type PostHogLogger, silentLogger } from "../../client/logger.ts";
import type { RetryPolicy } from "../../client/options.ts";
import {
  addJitter,
  backoffDelay,
  isTransientPostHogError,
  kyRetryOptions,
  parseRetryAfter,
} from "../../client/retry-policy.ts";
import { toPostHogError } from "../../client/to-error.ts";
import { USER_AGENT } from "../../client/transport.ts";
import { readBodyWithin, waitForRetryAfter } from "../../client/waits.ts";
import { PostHogError } from "../../errors/posthog-error.ts";
import { LIB_NAME, LIB_VERSION } from "../library.ts";
import type { WireEvent } from "../types.ts";
import { uuidv7 } from "../uuid.ts";
import { parseV1Answer, type V1Note } from "./v1-answer.ts";
import { buildV1Body, toV1Event, type V1Event } from "./v1-body.ts";
import { buildV1Headers, V1_CAPTURE_PATH } from "./v1-headers.ts";

/** The `PostHog-Sdk-Info` of this library. */
export const V1_SDK_INFO = `${LIB_NAME}/${LIB_VERSION}`;

/** Settings of the V1 sender. */
export interface V1SenderOptions {
  /** The shared ky instance (its hooks and headers are kept). */
  readonly http: KyInstance;
  /** The ingestion host, e.g. `https://us.i.posthog.com`. */
  readonly host: string;
  /** The project token. */
  readonly apiKey: string;
  /** Timeout of each attempt, in ms. */
  readonly timeoutMs: number;
  /** The retry policy, every field filled. */
  readonly retry: Required<RetryPolicy>;
  /** The body's compression. */
  readonly compression: Compression;
  /** Mark batches as a historical import. */
  readonly historicalMigration: boolean;
  readonly logger?: PostHogLogger | undefined;
}

/** Options of one send. */
export interface V1SendOptions {
  /** Aborts the attempt in flight and any wait. */
  readonly signal?: AbortSignal | undefined;
  /** Told before each retry. */
  readonly onRetry?:
    | ((info: { attempt: number; delayMs: number; status?: number | undefined }) => void)
    | undefined;
}

/** An event PostHog refused (a V1 `drop`). */
export interface V1Rejection {
  readonly uuid: string;
  /** PostHog's `details`, e.g. `"invalid_event"`. */
  readonly reason: string;
}

/** Events still without an outcome when the exchange ended. */
export interface V1Unsettled {
  readonly uuids: readonly string[];
  /** The last failure. */
  readonly error: PostHogError;
  /** Whether sending them again later can help (park them) or not (plan them as a batch). */
  readonly retryable: boolean;
}

/** What became of the events of a batch that PostHog answered at least once with a 200. */
export interface V1BatchReport {
  readonly delivered: readonly string[];
  readonly rejected: readonly V1Rejection[];
  /** Delivered events whose result was not a plain `ok` (`limited`, `warning`, unknown). */
  readonly notes: readonly V1Note[];
  readonly unsettled?: V1Unsettled;
  /** Attempts made. */
  readonly attempts: number;
}

interface ExchangeState {
  pending: V1Event[];
  readonly delivered: string[];
  readonly rejected: V1Rejection[];
  readonly notes: V1Note[];
  answered: boolean;
  attempts: number;
  failedAt: number;
  /** The answer that asked for events again, while some are pending. */
  lastRetryAnswer: string | undefined;
  unreadable: PostHogError | undefined;
  body: { readonly count: number; readonly bytes: Uint8Array } | undefined;
}

/**
 * Sends one batch with the V1 protocol.
 *
 * @param events - The batch, as wire events (uuid and timestamp fixed).
 * @param options - The sender's settings.
 * @param call - The signal and `onRetry` of this send.
 * @returns A report once PostHog answered the batch with a 200 at least once (some events
 *   may still be unsettled); otherwise the failure of the whole batch, to be planned like a
 *   `/batch/` failure.
 * @example
 * ```ts
 * const report = await sendV1Batch(wireEvents, { http: ky, host, apiKey, timeoutMs: 10_000,
 *   retry: DEFAULT_RETRY, compression: "gzip", historicalMigration: false });
 * ```
 */
export async function sendV1Batch(
  events: readonly WireEvent[],
  options: V1SenderOptions,
  call: V1SendOptions = {},
): Promise<Result<V1BatchReport, PostHogError>> {
  const logger = options.logger ?? silentLogger;
  const requestId = uuidv7();
  const createdAt = new Date().toISOString();
  const state: ExchangeState = {
    pending: events.map(toV1Event),
    delivered: [],
    rejected: [],
    notes: [],
    answered: false,
    attempts: 0,
    failedAt: Date.now(),
    lastRetryAnswer: undefined,
    unreadable: undefined,
    body: undefined,
  };
  const encoding = options.compression === "none" ? undefined : options.compression;
  const bodyBytes = async (): Promise<Uint8Array> => {
    if (state.body?.count !== state.pending.length) {
      const json = JSON.stringify(
        buildV1Body(state.pending, createdAt, options.historicalMigration),
      );
      state.body = {
        count: state.pending.length,
        bytes: await compress(json, options.compression),
      };
    }
    return state.body.bytes;
  };
  const log = { path: V1_CAPTURE_PATH, requestId, events: events.length };
  try {
    const firstBody = await bodyBytes();
    await options.http.post(`${options.host.replace(/\/+$/, "")}${V1_CAPTURE_PATH}`, {
      body: firstBody,
      timeout: options.timeoutMs,
      throwHttpErrors: true,
      headers: { "user-agent": USER_AGENT },
      ...(call.signal === undefined ? {} : { signal: call.signal }),
      retry: kyRetryOptions(options.retry, () => {
        state.failedAt = Date.now();
      }),
      hooks: {
        beforeRequest: [
          async (request, _kyOptions, { retryCount }) => {
            state.attempts = retryCount + 1;
            const headers = new Headers(request.headers);
            const v1Headers = buildV1Headers({
              apiKey: options.apiKey,
              sdkInfo: V1_SDK_INFO,
              requestId,
              attempt: state.attempts,
              now: new Date(),
              contentEncoding: encoding,
            });
            for (const [name, value] of Object.entries(v1Headers)) headers.set(name, value);
            return new Request(request, { headers, body: await bodyBytes() });
          },
        ],
        afterResponse: [
          async (_request, _kyOptions, response, { retryCount }) => {
            if (!response.ok) return undefined;
            const bytes = await readBodyWithin(response, options.timeoutMs);
            state.answered = true;
            if (bytes === undefined) {
              // A 200 whose report never arrived: the events may well be in; send them
              // again later (PostHog de-duplicates by uuid) rather than guess.
              state.unreadable = new PostHogError("request", { reason: "timeout" });
              return undefined;
            }
            const text = new TextDecoder().decode(bytes);
            const outcome = parseV1Answer(
              text,
              state.pending.map((event) => event.uuid),
            );
            if (!outcome.ok) {
              state.unreadable = outcome.error;
              return undefined;
            }
            const { accepted, retry, dropped, notes } = outcome.value;
            state.delivered.push(...accepted);
            state.rejected.push(...dropped);
            state.notes.push(...notes);
            const again = new Set(retry);
            state.pending = state.pending.filter((event) => again.has(event.uuid));
            if (state.pending.length === 0) return undefined;
            state.lastRetryAnswer = text;
            state.failedAt = Date.now();
            const backoff = Math.min(
              addJitter(backoffDelay(retryCount + 1, options.retry.baseDelayMs)),
              options.retry.maxDelayMs,
            );
            const asked = parseRetryAfter(response.headers.get("retry-after")) ?? 0;
            const delay = Math.max(backoff, Math.min(asked, options.retry.maxRetryAfterMs));
            return ky.retry({ delay, code: "V1_PARTIAL" });
          },
        ],
        beforeRetry: [
          async ({ error, retryCount }) => {
            await waitForRetryAfter(
              error,
              options.retry.maxRetryAfterMs,
              state.failedAt,
              call.signal,
            );
            const status = error instanceof HTTPError ? error.response.status : undefined;
            const info = { attempt: retryCount + 1, delayMs: Date.now() - state.failedAt, status };
            logger.info({ ...log, ...info, pending: state.pending.length }, "Retrying V1 capture");
            try {
              call.onRetry?.(info);
            } catch {
              // a listener's failure must not stop delivery
            }
          },
        ],
      },
    });
  } catch (thrown) {
    const error = isForceRetryError(thrown)
      ? partialExhausted(state.pending.length, state.lastRetryAnswer)
      : await toPostHogError(thrown, call.signal);
    logger.warn({ ...log, attempts: state.attempts, kind: error.kind }, "V1 capture failed");
    if (!state.answered) return Result.error(error);
    return Result.ok(
      report(state, {
        error,
        retryable: isForceRetryError(thrown) || isTransientPostHogError(error),
      }),
    );
  }
  if (state.unreadable !== undefined && state.pending.length > 0) {
    const retryable = state.unreadable.kind === "request";
    return Result.ok(report(state, { error: state.unreadable, retryable }));
  }
  logger.debug({ ...log, attempts: state.attempts }, "V1 capture answered");
  return Result.ok(report(state, undefined));
}

function report(
  state: ExchangeState,
  failure: { error: PostHogError; retryable: boolean } | undefined,
): V1BatchReport {
  const base = {
    delivered: state.delivered,
    rejected: state.rejected,
    notes: state.notes,
    attempts: state.attempts,
  };
  if (failure === undefined || state.pending.length === 0) return base;
  return { ...base, unsettled: { uuids: state.pending.map((event) => event.uuid), ...failure } };
}

function partialExhausted(count: number, answer: string | undefined): PostHogError<"api"> {
  let body: unknown = answer;
  try {
    body = answer === undefined ? undefined : JSON.parse(answer);
  } catch {
    // keep the text
  }
  return new PostHogError(
    "api",
    { status: 200, body, code: "retry", detail: undefined },
    {
      message: `PostHog still asked for ${count} event(s) to be sent again after the last attempt`,
    },
  );
}
