/**
 * The two HTTP calls of feature flags, through `ky` (the user's instance when given, so
 * the whole package shares one): `POST /flags?v=2` with PostHog's flags retry policy
 * (transport failures, timeouts, 502 and 504 are retried, by default once, 300 ms then
 * doubling; any other status is final) and a short per-attempt timeout; and
 * `GET /flags/definitions` with the personal key, made once per poll (the poller owns the
 * backoff), answering with the status whatever it is. Failures become `PostHogError`s
 * without a key in them.
 */
import ky, { HTTPError, type KyInstance, TimeoutError } from "ky";
import { Result } from "typescript-result";
import type { PostHogLogger } from "../client/logger.ts";
import { toPostHogError } from "../client/to-error.ts";
import { USER_AGENT } from "../client/transport.ts";
import { PostHogError } from "../errors/posthog-error.ts";

/** Options of {@link FlagsHttp}. */
export interface FlagsHttpOptions {
  /** The ingestion host, e.g. `https://us.i.posthog.com`. */
  readonly host: string;
  /** A `ky` instance to extend (shared with the capture client). @defaultValue `ky` */
  readonly http?: KyInstance | undefined;
  /** Timeout of each `/flags` attempt, in ms. */
  readonly requestTimeoutMs: number;
  /** Retries of `/flags` after the first attempt. */
  readonly maxRetries: number;
  /** Timeout of a `/flags/definitions` request, in ms. */
  readonly definitionsTimeoutMs: number;
  readonly logger: PostHogLogger;
}

/** An answer of `/flags/definitions`, whatever its status. */
export interface DefinitionsAnswer {
  readonly status: number;
  readonly etag: string | undefined;
  /** The body's text (empty for a 304). */
  readonly text: string;
}

/** The wait before the n-th retry of `/flags`: 300 ms, then doubling. */
export function flagsRetryDelay(retry: number): number {
  return 300 * 2 ** (retry - 1);
}

/**
 * Whether a failed `/flags` attempt is retried: no answer at all (network, timeout), or a
 * 502 / 504 from a gateway. Every other status is PostHog's answer, final.
 *
 * @param error - What the attempt failed with.
 */
export function isRetryableFlagsFailure(error: unknown): boolean {
  if (error instanceof HTTPError)
    return error.response.status === 502 || error.response.status === 504;
  return error instanceof TimeoutError || error instanceof TypeError;
}

/** Sends the flag calls. @internal */
export class FlagsHttp {
  readonly #http: KyInstance;
  readonly #options: FlagsHttpOptions;

  constructor(options: FlagsHttpOptions) {
    this.#options = options;
    this.#http = (options.http ?? ky).extend({ headers: { "user-agent": USER_AGENT } });
  }

  /**
   * `POST /flags?v=2`. No `Authorization` header: the project token is in the body.
   *
   * @param body - The request body.
   * @param signal - Aborts the request and any retry wait.
   * @returns The decoded JSON answer, or the error of the last attempt.
   */
  async evaluate(body: unknown, signal?: AbortSignal): Promise<Result<unknown, PostHogError>> {
    const { logger, requestTimeoutMs, maxRetries } = this.#options;
    let attempts = 0;
    try {
      const response = await this.#http.post(`${this.#options.host}/flags`, {
        searchParams: { v: "2" },
        json: body,
        timeout: requestTimeoutMs,
        throwHttpErrors: true,
        ...(signal === undefined ? {} : { signal }),
        retry: {
          limit: maxRetries,
          methods: ["post"],
          statusCodes: [502, 504],
          afterStatusCodes: [],
          retryOnTimeout: true,
          delay: flagsRetryDelay,
          backoffLimit: 30_000,
          shouldRetry: ({ error }) => isRetryableFlagsFailure(error),
        },
        hooks: {
          beforeRequest: [
            () => {
              attempts++;
            },
          ],
          beforeRetry: [
            ({ retryCount, error }) => {
              logger.info(
                { path: "/flags", attempt: retryCount + 1, error: error.message },
                "Retrying the /flags request",
              );
            },
          ],
        },
      });
      const text = await response.text();
      try {
        return Result.ok(text === "" ? undefined : (JSON.parse(text) as unknown));
      } catch {
        return Result.error(
          new PostHogError(
            "serialization",
            { direction: "response" },
            {
              message: `The /flags answer is not JSON (status ${response.status})`,
            },
          ),
        );
      }
    } catch (thrown) {
      const error = await toPostHogError(thrown, signal);
      logger.warn(
        { path: "/flags", attempts, kind: error.kind, error: error.message },
        "The /flags request failed",
      );
      return Result.error(error);
    }
  }

  /**
   * `GET /flags/definitions?token=…&send_cohorts`, with `Authorization: Bearer` and the
   * `If-None-Match` of the last answer. Any status is an answer; only a failure to get one
   * is an error.
   *
   * @param token - The project token.
   * @param personalApiKey - The personal or secret key.
   * @param etag - The `ETag` of the definitions held.
   * @param signal - Aborts the request.
   */
  async definitions(
    token: string,
    personalApiKey: string,
    etag: string | undefined,
    signal?: AbortSignal,
  ): Promise<Result<DefinitionsAnswer, PostHogError>> {
    try {
      const response = await this.#http.get(
        `${this.#options.host}/flags/definitions?token=${encodeURIComponent(token)}&send_cohorts`,
        {
          headers: {
            authorization: `Bearer ${personalApiKey}`,
            ...(etag === undefined ? {} : { "if-none-match": etag }),
          },
          timeout: this.#options.definitionsTimeoutMs,
          throwHttpErrors: false,
          retry: 0,
          ...(signal === undefined ? {} : { signal }),
        },
      );
      const text = response.status === 304 ? "" : await response.text();
      return Result.ok({
        status: response.status,
        etag: response.headers.get("etag") ?? undefined,
        text,
      });
    } catch (thrown) {
      return Result.error(await toPostHogError(thrown, signal));
    }
  }
}
