/**
 * PostHog's private REST API: every operation of the generated schema through one typed
 * `request(method, path, { params, body })`, an untyped `requestPath` for paths newer than
 * the schema, and `paginate`, an async iterator that follows `next`. Each call goes through
 * the client's transport (one ky instance, its retries and timeouts) with
 * `Authorization: Bearer <personalApiKey>`; without a personal key it fails at once.
 *
 * A thin typed wrapper rather than openapi-fetch: openapi-fetch brings its own request
 * pipeline (middleware, body serializers, its own error shape), while every call here must
 * go through our transport for the retry policy, the per-attempt timeout, the logger and
 * key hygiene; what we need from it is only the types, which are a few lines over the
 * generated `paths` (see `types.ts`), and errors as `Result` values rather than
 * `{ data, error }` pairs.
 */

import { Result } from "typescript-result";
import { decodeJson, encodeJson } from "../client/json.ts";
import type { ResolvedOptions } from "../client/options.ts";
import type { CallOptions, Transport } from "../client/transport.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import type {
  ApiMethod,
  ItemOf,
  OperationOf,
  Page,
  PaginatedPath,
  ParseAs,
  PathsWith,
  RequestArgs,
  ResponseFor,
} from "./types.ts";
import { fillPath, followUrl, queryString } from "./url.ts";

/**
 * Options of {@link PrivateApi.requestPath}, the untyped call.
 *
 * @example
 * ```ts
 * const options: UntypedRequestOptions = { body: { query: { kind: "HogQLQuery", query: "select 1" } } };
 * ```
 */
export interface UntypedRequestOptions extends CallOptions {
  /** Query parameters (arrays repeat the key, objects go as JSON). */
  readonly query?: Readonly<Record<string, unknown>> | undefined;
  /** A JSON body. */
  readonly body?: unknown;
  /** How to read the answer. @defaultValue `"json"` */
  readonly parseAs?: ParseAs | undefined;
}

interface LooseOptions extends CallOptions {
  readonly params?:
    | {
        readonly path?: Readonly<Record<string, unknown>> | undefined;
        readonly query?: Readonly<Record<string, unknown>> | undefined;
      }
    | undefined;
  readonly body?: unknown;
  readonly parseAs?: ParseAs | undefined;
}

/** The private API of one client. Reached through `PostHogClient`. */
export class PrivateApi {
  readonly #transport: Transport;
  readonly #options: ResolvedOptions;

  /** @internal */
  constructor(transport: Transport, options: ResolvedOptions) {
    this.#transport = transport;
    this.#options = options;
  }

  /**
   * Calls one operation of PostHog's schema, typed from it.
   *
   * @param method - `"get"`, `"post"`, `"put"`, `"patch"` or `"delete"`.
   * @param path - A path of the schema, with its `{placeholders}`.
   * @param args - `{ params: { path, query }, body, signal, onRetry, parseAs }`; `project_id`
   * defaults to the client's `projectId`.
   * @returns The decoded answer, or a `PostHogError` (`"api"` with PostHog's `code` for an
   * error answer).
   * @example
   * ```ts
   * const flag = await client.request("get", "/api/projects/{project_id}/feature_flags/{id}/", {
   *   params: { path: { id: 7 } },
   * });
   * if (flag.ok) console.log(flag.value.key);
   * ```
   */
  request<M extends ApiMethod, P extends PathsWith<M>>(
    method: M,
    path: P,
    ...args: RequestArgs<OperationOf<P, M>>
  ): Promise<Result<ResponseFor<P, M>, PostHogError>> {
    const options = (args[0] ?? {}) as LooseOptions;
    const filled = fillPath(path, options.params?.path, this.#options.projectId);
    if (!filled.ok) return Promise.resolve(filled);
    const url = `${this.#options.apiHost}${filled.value}${queryString(options.params?.query)}`;
    return this.#call(method, url, options) as Promise<Result<ResponseFor<P, M>, PostHogError>>;
  }

  /**
   * Calls any path of the private API, untyped: for endpoints newer than the bundled
   * schema (or regenerate the types with `pnpm generate`).
   *
   * @param method - The HTTP method.
   * @param path - The path, placeholders filled (`{project_id}` is still filled when left).
   * @param options - Query, JSON body, signal, `onRetry`.
   * @example
   * ```ts
   * await client.requestPath("post", "/api/projects/{project_id}/query/", { body: { query } });
   * ```
   */
  requestPath(
    method: ApiMethod,
    path: string,
    options: UntypedRequestOptions = {},
  ): Promise<Result<unknown, PostHogError>> {
    const filled = fillPath(path, undefined, this.#options.projectId);
    if (!filled.ok) return Promise.resolve(filled);
    const url = `${this.#options.apiHost}${filled.value}${queryString(options.query)}`;
    return this.#call(method, url, options);
  }

  /**
   * Iterates over every item of a paginated list, following PostHog's `next` page by
   * page. An error (of any page) is yielded once as an error `Result`, then the iteration
   * ends: it never throws.
   *
   * @param path - A GET path of the schema whose answer is a page.
   * @param args - Its `params` (for the first page), signal and `onRetry`.
   * @example
   * ```ts
   * for await (const flag of client.paginate("/api/projects/{project_id}/feature_flags/")) {
   *   if (!flag.ok) { console.error(flag.error); break; }
   *   console.log(flag.value.key);
   * }
   * ```
   */
  async *paginate<P extends PaginatedPath>(
    path: P,
    ...args: RequestArgs<OperationOf<P, "get">>
  ): AsyncGenerator<Result<ItemOf<P>, PostHogError>, void, undefined> {
    const options = (args[0] ?? {}) as LooseOptions;
    const filled = fillPath(path, options.params?.path, this.#options.projectId);
    if (!filled.ok) {
      yield filled;
      return;
    }
    let url: string | undefined =
      `${this.#options.apiHost}${filled.value}${queryString(options.params?.query)}`;
    const seen = new Set<string>();
    while (url !== undefined && !seen.has(url)) {
      seen.add(url);
      const page = await this.#call("get", url, { ...options, parseAs: "json" });
      if (!page.ok) {
        yield page;
        return;
      }
      const value = page.value as Page<ItemOf<P>> | undefined;
      if (typeof value !== "object" || value === null || !Array.isArray(value.results ?? [])) {
        yield Result.error(
          new PostHogError(
            "serialization",
            { direction: "response" },
            {
              message: "A page of PostHog's list is not { next, results }",
            },
          ),
        );
        return;
      }
      for (const item of value.results ?? [])
        yield Result.ok(item) as Result<ItemOf<P>, PostHogError>;
      url =
        typeof value.next === "string" && value.next !== ""
          ? followUrl(value.next, this.#options.apiHost)
          : undefined;
    }
  }

  async #call(
    method: ApiMethod,
    url: string,
    options: LooseOptions,
  ): Promise<Result<unknown, PostHogError>> {
    const key = this.#options.personalApiKey;
    if (key === undefined) {
      return Result.error(
        new PostHogError(
          "invalid-options",
          { option: "personalApiKey" },
          {
            message:
              "The private API needs a personal API key: pass `personalApiKey` (phx_…) to PostHogClient",
          },
        ),
      );
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${key}`,
      accept: "application/json",
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      const encoded = encodeJson(options.body);
      if (!encoded.ok) return encoded;
      body = encoded.value;
      headers["content-type"] = "application/json";
    }
    const answer = await this.#transport.send(
      {
        method: method.toUpperCase() as Uppercase<ApiMethod>,
        url,
        headers,
        body: body === undefined ? undefined : async () => body,
      },
      { signal: options.signal, onRetry: options.onRetry },
    );
    if (!answer.ok) return answer;
    if (options.parseAs === "text") return Result.ok(answer.value.text);
    return decodeJson(answer.value.text, answer.value.status);
  }
}
