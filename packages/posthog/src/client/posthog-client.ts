/**
 * `PostHogClient`: the HTTP face of `@tsactor/posthog`. It sends event batches to PostHog's
 * ingestion (`captureBatch` on `/batch/`, `captureAiBatch` on the AI route, `captureV1Batch`
 * with the V1 protocol, and `send` for the other ingestion routes) and calls PostHog's
 * whole private API, typed from its OpenAPI schema (`request`, `paginate`, and ergonomic
 * groups such as `featureFlags`). Everything goes through one shared `ky` instance with the
 * retry policy of the contract, and every outcome is a `Result`: no method throws.
 */

import ky from "ky";
import { Result } from "typescript-result";
import { ActionsApi } from "../api/groups/actions.ts";
import { ActivityLogApi } from "../api/groups/activity-log.ts";
import { AnnotationsApi } from "../api/groups/annotations.ts";
import { CohortsApi } from "../api/groups/cohorts.ts";
import { DashboardsApi } from "../api/groups/dashboards.ts";
import { EventsApi } from "../api/groups/events.ts";
import { FeatureFlagsApi } from "../api/groups/feature-flags.ts";
import { InsightsApi } from "../api/groups/insights.ts";
import { PersonsApi } from "../api/groups/persons.ts";
import { PrivateApi, type UntypedRequestOptions } from "../api/private-api.ts";
import type {
  ApiMethod,
  ItemOf,
  OperationOf,
  PaginatedPath,
  PathsWith,
  RequestArgs,
  ResponseFor,
} from "../api/types.ts";
import type { WireEvent } from "../capture/types.ts";
import { sendV1Batch, type V1BatchReport } from "../capture/v1/v1-sender.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import { batchBody, type PostHogWireEvent } from "./capture-body.ts";
import { type Compression, compress, isCompressionSupported } from "./compression.ts";
import { decodeJson, encodeJson } from "./json.ts";
import { type PostHogClientOptions, type ResolvedOptions, resolveOptions } from "./options.ts";
import { type CallOptions, type HttpAnswer, Transport } from "./transport.ts";

/** The classic batch route. */
const CAPTURE_BATCH_PATH = "/batch/";

/** The route of LLM analytics events. */
const CAPTURE_AI_PATH = "/i/v0/ai/batch/";

/**
 * Options of {@link PostHogClient.captureBatch}.
 *
 * @example
 * ```ts
 * await client.captureBatch(events, { historicalMigration: true, signal });
 * ```
 */
export interface CaptureBatchOptions extends CallOptions {
  /** Sends `historical_migration: true` (imports of old events). @defaultValue `false` */
  readonly historicalMigration?: boolean | undefined;
  /** The body's compression. @defaultValue `"gzip"` */
  readonly compression?: Compression | undefined;
}

/**
 * The context of one attempt, for a body rebuilt per attempt.
 *
 * @example
 * ```ts
 * await client.send("/i/v0/ai/batch/", ({ sentAt }) => ({ api_key, batch, sent_at: sentAt }));
 * ```
 */
export interface AttemptContext {
  /** When this attempt is sent, ISO 8601. */
  readonly sentAt: string;
}

/**
 * Options of {@link PostHogClient.send}.
 *
 * @example
 * ```ts
 * const options: SendOptions = { compression: "gzip", query: { v: "2" } };
 * ```
 */
export interface SendOptions extends CallOptions {
  /** @defaultValue `"POST"` */
  readonly method?: "GET" | "POST" | undefined;
  /** Query parameters. */
  readonly query?: Readonly<Record<string, string>> | undefined;
  /** Extra headers (`Content-Type: application/json` and `User-Agent` are set). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** The body's compression. @defaultValue `"none"` */
  readonly compression?: Compression | undefined;
  /** Timeout of each attempt of this call, in ms (e.g. shorter for `/flags`). @defaultValue the client's `timeoutMs` */
  readonly timeoutMs?: number | undefined;
  /** Retries of this call, 0 to 10. @defaultValue the client's `retry.limit` */
  readonly retryLimit?: number | undefined;
  /** How to read a success answer: `"json"` (a non-JSON body is a `"serialization"` error) or `"text"`. @defaultValue `"json"` */
  readonly parseAs?: "json" | "text" | undefined;
}

/** A success answer of {@link PostHogClient.send}. */
export interface SendAnswer {
  readonly status: number;
  readonly headers: Headers;
  /** The decoded JSON (`undefined` for an empty body), or the text with `parseAs: "text"`. */
  readonly body: unknown;
  /** How many attempts it took. */
  readonly attempts: number;
}

/**
 * A PostHog client for ingestion and the private API.
 *
 * @example
 * ```ts
 * const created = PostHogClient.create({ apiKey: "phc_…", personalApiKey: "phx_…" });
 * if (!created.ok) throw created.error; // kind "invalid-options", names the option
 * const client = created.value;
 * const sent = await client.captureBatch([{ event: "signed_up", distinct_id: "u1" }]);
 * const flags = await client.featureFlags.list({ limit: 50 });
 * ```
 */
export class PostHogClient {
  readonly #options: ResolvedOptions;
  readonly #transport: Transport;
  readonly #api: PrivateApi;

  /** Feature flags: list, iterate, get, create, update, delete. */
  readonly featureFlags: FeatureFlagsApi;
  /** Persons: list, iterate, get, update, delete, set and unset properties. */
  readonly persons: PersonsApi;
  /** Cohorts: list, iterate, get, create, update, delete. */
  readonly cohorts: CohortsApi;
  /** Insights and queries: list, iterate, get, create, update, delete, query. */
  readonly insights: InsightsApi;
  /** Actions: list, iterate, get, create, update, delete. */
  readonly actions: ActionsApi;
  /** Annotations: list, iterate, get, create, update, delete. */
  readonly annotations: AnnotationsApi;
  /** Dashboards: list, iterate, get, create, update, delete. */
  readonly dashboards: DashboardsApi;
  /** The activity log: important changes, and the history of flags, insights, persons. */
  readonly activityLog: ActivityLogApi;
  /** Events: list, iterate, get, values. */
  readonly events: EventsApi;

  /**
   * Makes a client, as a `Result`: the way to go when the options come from configuration.
   *
   * @param options - See {@link PostHogClientOptions}.
   * @returns The client, or an `"invalid-options"` error that names the option (and never
   * contains a key).
   */
  static create(
    options: PostHogClientOptions,
  ): Result<PostHogClient, PostHogError<"invalid-options">> {
    const resolved = resolveOptions(options);
    return resolved.ok ? Result.ok(new PostHogClient(options)) : resolved;
  }

  /**
   * Makes a client.
   *
   * @param options - See {@link PostHogClientOptions}.
   * @throws PostHogError of kind `"invalid-options"` when an option is invalid (a
   * configuration bug, like a `RangeError`); use {@link PostHogClient.create} to get it as
   * a `Result` instead.
   */
  constructor(options: PostHogClientOptions) {
    const resolved = resolveOptions(options);
    if (!resolved.ok) throw resolved.error;
    this.#options = resolved.value;
    this.#transport = new Transport(resolved.value);
    this.#api = new PrivateApi(this.#transport, resolved.value);
    this.featureFlags = new FeatureFlagsApi(this.#api);
    this.persons = new PersonsApi(this.#api);
    this.cohorts = new CohortsApi(this.#api);
    this.insights = new InsightsApi(this.#api);
    this.actions = new ActionsApi(this.#api);
    this.annotations = new AnnotationsApi(this.#api);
    this.dashboards = new DashboardsApi(this.#api);
    this.activityLog = new ActivityLogApi(this.#api);
    this.events = new EventsApi(this.#api);
  }

  /** The ingestion host, e.g. `https://us.i.posthog.com`. */
  get host(): string {
    return this.#options.host;
  }

  /** The private-API host, e.g. `https://us.posthog.com`. */
  get apiHost(): string {
    return this.#options.apiHost;
  }

  /** The project token (public). */
  get apiKey(): string {
    return this.#options.apiKey;
  }

  /**
   * Sends a batch of events to `POST {host}/batch/`: body
   * `{ api_key, batch, sent_at }` (+ `historical_migration`), gzip by default, a fresh
   * `sent_at` on each attempt, retried as the policy says. A success answer that is not
   * JSON is a `"serialization"` error (something other than PostHog answered).
   *
   * @param events - The events, as PostHog's capture takes them. An empty batch sends nothing.
   * @param options - Signal, `onRetry`, `historicalMigration`, `compression`.
   * @returns `ok` once PostHog accepted the batch, or the `PostHogError` of the last attempt.
   * @example
   * ```ts
   * const sent = await client.captureBatch([{ event: "signed_up", distinct_id: "u1", properties: { plan: "pro" } }]);
   * if (!sent.ok && sent.error.kind === "api" && sent.error.status === 413) splitAndRetry();
   * ```
   */
  async captureBatch(
    events: readonly PostHogWireEvent[],
    options: CaptureBatchOptions = {},
  ): Promise<Result<void, PostHogError>> {
    return this.#captureTo(CAPTURE_BATCH_PATH, events, options);
  }

  /**
   * Sends a batch of LLM analytics events (`$ai_generation`, `$ai_span`…) to
   * `POST {host}/i/v0/ai/batch/`: the same body, compression and retries as
   * {@link PostHogClient.captureBatch}.
   *
   * @param events - The events. An empty batch sends nothing.
   * @param options - Signal, `onRetry`, `historicalMigration`, `compression`.
   * @returns `ok` once PostHog accepted the batch, or the `PostHogError` of the last attempt.
   * @example
   * ```ts
   * await client.captureAiBatch([{ event: "$ai_generation", distinct_id: "u1", properties: { $ai_model: "gpt-4o" } }]);
   * ```
   */
  async captureAiBatch(
    events: readonly PostHogWireEvent[],
    options: CaptureBatchOptions = {},
  ): Promise<Result<void, PostHogError>> {
    return this.#captureTo(CAPTURE_AI_PATH, events, options);
  }

  /**
   * Sends a batch with PostHog's V1 capture protocol (`POST {host}/i/v1/analytics/events`):
   * the key as `Authorization: Bearer`, one `PostHog-Request-Id` for every attempt, and a
   * per-event answer. Retries as the policy says; a 200 that asks for some events again
   * resends only those.
   *
   * @param events - The events, `uuid` and `timestamp` fixed (PostHog answers by uuid).
   * @param options - Signal, `onRetry`, `historicalMigration`, `compression`.
   * @returns What became of each event once PostHog answered with a 200 (some may still be
   * unsettled), or the `PostHogError` of the last attempt when it never did.
   * @example
   * ```ts
   * const sent = await client.captureV1Batch(events, { compression: "br" });
   * if (sent.ok) for (const { uuid, reason } of sent.value.rejected) log.warn({ uuid, reason });
   * ```
   */
  async captureV1Batch(
    events: readonly WireEvent[],
    options: CaptureBatchOptions = {},
  ): Promise<Result<V1BatchReport, PostHogError>> {
    if (events.length === 0) {
      return Result.ok({ delivered: [], rejected: [], notes: [], attempts: 0 });
    }
    const compression = options.compression ?? "gzip";
    const unsupported = checkCompression(compression);
    if (unsupported !== undefined) return unsupported;
    const { http, host, apiKey, timeoutMs, retry, logger } = this.#options;
    return sendV1Batch(
      events,
      {
        http: http ?? ky,
        host,
        apiKey,
        timeoutMs,
        retry,
        compression,
        historicalMigration: options.historicalMigration === true,
        logger,
      },
      {
        signal: options.signal,
        onRetry: ({ attempt, delayMs, status }) =>
          options.onRetry?.(
            status === undefined ? { attempt, delayMs } : { attempt, delayMs, status },
          ),
      },
    );
  }

  async #captureTo(
    path: string,
    events: readonly PostHogWireEvent[],
    options: CaptureBatchOptions,
  ): Promise<Result<void, PostHogError>> {
    if (events.length === 0) return Result.ok();
    const batch = encodeJson(events);
    if (!batch.ok) return batch;
    const { apiKey } = this.#options;
    const migration = options.historicalMigration === true;
    const answer = await this.#sendText(
      path,
      () => batchBody(apiKey, batch.value, new Date().toISOString(), migration),
      { ...options, compression: options.compression ?? "gzip" },
    );
    if (!answer.ok) return answer;
    const decoded = decodeJson(answer.value.text, answer.value.status);
    return decoded.ok ? Result.ok() : decoded;
  }

  /**
   * Sends a JSON body to another ingestion route of `{host}` (`/i/v0/ai/batch/`,
   * `/i/v1/analytics/events`, `/flags?v=2`…) with the same plumbing as `captureBatch`:
   * retries, timeout, compression, logger. No key is added: put the project token where
   * the route expects it.
   *
   * @param path - The route, from `/`.
   * @param body - A JSON value, or a function of the attempt (called on each attempt, for
   * a fresh `sent_at`).
   * @param options - Method, query, headers, compression, `parseAs`, signal, `onRetry`.
   * @example
   * ```ts
   * const flags = await client.send("/flags", { token: client.apiKey, distinct_id: "u1" }, { query: { v: "2" } });
   * ```
   */
  async send(
    path: string,
    body: unknown,
    options: SendOptions = {},
  ): Promise<Result<SendAnswer, PostHogError>> {
    let build: (() => string) | undefined;
    if ((options.method ?? "POST") === "GET") {
      if (body !== undefined) {
        return Result.error(
          new PostHogError(
            "invalid-options",
            { option: "body" },
            { message: "A GET has no body: pass `undefined`" },
          ),
        );
      }
    } else if (typeof body === "function") {
      const makeBody = body as (context: AttemptContext) => unknown;
      build = () => {
        const encoded = encodeJson(makeBody({ sentAt: new Date().toISOString() }));
        if (!encoded.ok) throw encoded.error;
        return encoded.value;
      };
    } else {
      const encoded = encodeJson(body);
      if (!encoded.ok) return encoded;
      const text = encoded.value;
      build = () => text;
    }
    if (build !== undefined) {
      // The first body is built here, so a value JSON cannot carry fails before any request.
      let first: string;
      try {
        first = build();
      } catch (error) {
        return Result.error(error as PostHogError);
      }
      let attempt = 0;
      const later = build;
      build = () => (attempt++ === 0 ? first : later());
    }
    const answer = await this.#sendText(path, build, options);
    if (!answer.ok) return answer;
    const { status, headers, text, attempts } = answer.value;
    if (options.parseAs === "text") return Result.ok({ status, headers, body: text, attempts });
    const decoded = decodeJson(text, status);
    return decoded.ok ? Result.ok({ status, headers, body: decoded.value, attempts }) : decoded;
  }

  /**
   * Calls one operation of PostHog's private API, typed from its OpenAPI schema: a wrong
   * path, a missing path parameter or a wrong body field does not compile. Needs
   * `personalApiKey` (else an `"invalid-options"` error, without a request).
   *
   * @param method - `"get"`, `"post"`, `"put"`, `"patch"` or `"delete"`.
   * @param path - A path of the schema, with its `{placeholders}`.
   * @param args - `{ params: { path, query }, body, signal, onRetry, parseAs }`;
   * `project_id` defaults to the client's `projectId`.
   * @example
   * ```ts
   * const cohort = await client.request("patch", "/api/projects/{project_id}/cohorts/{id}/", {
   *   params: { path: { id: 3 } },
   *   body: { name: "Power users" },
   * });
   * ```
   */
  request<M extends ApiMethod, P extends PathsWith<M>>(
    method: M,
    path: P,
    ...args: RequestArgs<OperationOf<P, M>>
  ): Promise<Result<ResponseFor<P, M>, PostHogError>> {
    return this.#api.request(method, path, ...args);
  }

  /**
   * Calls any path of the private API, untyped: for endpoints newer than the bundled
   * schema (or regenerate the types: `pnpm generate <url>`).
   *
   * @param method - The HTTP method.
   * @param path - The path; `{project_id}` is filled with the client's project.
   * @param options - Query, JSON body, `parseAs`, signal, `onRetry`.
   */
  requestPath(
    method: ApiMethod,
    path: string,
    options?: UntypedRequestOptions,
  ): Promise<Result<unknown, PostHogError>> {
    return this.#api.requestPath(method, path, options);
  }

  /**
   * Iterates over every item of a paginated list of the private API, following `next`.
   * An error is yielded once as an error `Result`, then the iteration ends; it never throws.
   *
   * @param path - A GET path of the schema whose answer is a page (`{ next, results }`).
   * @param args - Its `params` (for the first page), signal and `onRetry`.
   * @example
   * ```ts
   * for await (const person of client.paginate("/api/projects/{project_id}/persons/", { params: { query: { search: "ada" } } })) {
   *   if (!person.ok) break;
   *   console.log(person.value.distinct_ids);
   * }
   * ```
   */
  paginate<P extends PaginatedPath>(
    path: P,
    ...args: RequestArgs<OperationOf<P, "get">>
  ): AsyncGenerator<Result<ItemOf<P>, PostHogError>, void, undefined> {
    return this.#api.paginate(path, ...args);
  }

  async #sendText(
    path: string,
    build: (() => string) | undefined,
    options: SendOptions,
  ): Promise<Result<HttpAnswer, PostHogError>> {
    const { timeoutMs, retryLimit } = options;
    if (
      timeoutMs !== undefined &&
      !(Number.isFinite(timeoutMs) && timeoutMs > 0 && timeoutMs <= 2_147_483_647)
    ) {
      return Result.error(
        new PostHogError(
          "invalid-options",
          { option: "timeoutMs" },
          {
            message: `\`timeoutMs\` must be a number of ms > 0, received ${String(timeoutMs)}`,
          },
        ),
      );
    }
    if (
      retryLimit !== undefined &&
      !(Number.isInteger(retryLimit) && retryLimit >= 0 && retryLimit <= 10)
    ) {
      return Result.error(
        new PostHogError(
          "invalid-options",
          { option: "retryLimit" },
          {
            message: `\`retryLimit\` must be an integer from 0 to 10, received ${String(retryLimit)}`,
          },
        ),
      );
    }
    const compression = build === undefined ? "none" : (options.compression ?? "none");
    const unsupported = checkCompression(compression);
    if (unsupported !== undefined) return unsupported;
    const query =
      options.query === undefined ? "" : `?${new URLSearchParams(options.query).toString()}`;
    const headers: Record<string, string> = { ...options.headers };
    if (build !== undefined) headers["content-type"] = "application/json";
    if (compression !== "none") headers["content-encoding"] = compression;
    return this.#transport.send(
      {
        method: options.method ?? "POST",
        url: `${this.#options.host}${path}${query}`,
        headers,
        body: build === undefined ? undefined : () => compress(build(), compression),
        freshBodyPerAttempt: true,
        timeoutMs,
        retryLimit,
      },
      { signal: options.signal, onRetry: options.onRetry },
    );
  }
}

/** An `"invalid-options"` error when this Node cannot produce the compression asked for. */
function checkCompression(
  compression: Compression,
): Result.Error<PostHogError<"invalid-options">> | undefined {
  if (compression === "none" || isCompressionSupported(compression)) return undefined;
  return Result.error(
    new PostHogError(
      "invalid-options",
      { option: "compression" },
      { message: `\`compression\` ${JSON.stringify(compression)} is not supported by this Node` },
    ),
  );
}
