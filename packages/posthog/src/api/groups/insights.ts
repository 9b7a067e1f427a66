/**
 * Insights of the project (`/api/projects/{project_id}/insights/`): list, iterate, read,
 * create, update, delete (PostHog refuses hard deletes: `delete` sets `deleted: true`, as
 * its API asks), and `query`, which runs a query (HogQL, trends, funnels…) through
 * PostHog's query endpoint.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { BodyFor, ItemOf, QueryFor, ResponseFor, Schema } from "../types.ts";

const LIST = "/api/projects/{project_id}/insights/";
const ITEM = "/api/projects/{project_id}/insights/{id}/";
const QUERY = "/api/projects/{project_id}/query/";

/**
 * A query for PostHog's query endpoint: a node with a `kind` (`"HogQLQuery"`,
 * `"TrendsQuery"`, `"FunnelsQuery"`, `"EventsQuery"`…) and that kind's fields.
 *
 * @example
 * ```ts
 * const query: InsightQuery = { kind: "HogQLQuery", query: "select count() from events" };
 * ```
 */
export interface InsightQuery {
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** Options of {@link InsightsApi.query}. */
export interface QueryOptions extends CallOptions {
  /** Sent as `refresh` (e.g. `"blocking"`, `"force_blocking"`); PostHog's default when absent. */
  readonly refresh?: string | undefined;
}

/** A saved insight, as PostHog answers it. */
export type Insight = Schema<"Insight">;

/**
 * The insights methods of a `PostHogClient` (`client.insights`).
 *
 * @example
 * ```ts
 * for await (const item of client.insights.iterate()) {
 *   if (!item.ok) break;
 *   console.log(item.value.id);
 * }
 * ```
 */
export class InsightsApi {
  readonly #api: PrivateApi;

  /** @internal */
  constructor(api: PrivateApi) {
    this.#api = api;
  }

  /**
   * One page of the list.
   *
   * @param query - Its query (`limit`, `offset`…).
   * @param options - Signal and `onRetry`.
   */
  list(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<typeof LIST, "get">, PostHogError>> {
    return this.#api.request("get", LIST, { params: { query }, ...options });
  }

  /**
   * Every item, page after page (see `PostHogClient.paginate`).
   *
   * @param query - Its query; `limit` sets the page size.
   * @param options - Signal and `onRetry`.
   */
  iterate(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): AsyncGenerator<Result<ItemOf<typeof LIST>, PostHogError>, void, undefined> {
    return this.#api.paginate(LIST, { params: { query }, ...options });
  }

  /**
   * One item.
   *
   * @param id - Its numeric id.
   * @param options - Signal and `onRetry`.
   */
  get(id: number, options?: CallOptions): Promise<Result<Insight, PostHogError>> {
    return this.#api.request("get", ITEM, { params: { path: { id } }, ...options });
  }

  /**
   * Creates one.
   *
   * @param body - Its fields (read-only ones left out).
   * @param options - Signal and `onRetry`.
   */
  create(
    body: BodyFor<typeof LIST, "post">,
    options?: CallOptions,
  ): Promise<Result<Insight, PostHogError>> {
    return this.#api.request("post", LIST, { body, ...options });
  }

  /**
   * Changes some fields (PATCH).
   *
   * @param id - Its numeric id.
   * @param body - The fields to change.
   * @param options - Signal and `onRetry`.
   */
  update(
    id: number,
    body: BodyFor<typeof ITEM, "patch">,
    options?: CallOptions,
  ): Promise<Result<Insight, PostHogError>> {
    return this.#api.request("patch", ITEM, { params: { path: { id } }, body, ...options });
  }

  /**
   * Deletes one: PostHog refuses hard deletes, so this sets `deleted: true`.
   *
   * @param id - Its numeric id.
   * @param options - Signal and `onRetry`.
   */
  delete(id: number, options?: CallOptions): Promise<Result<Insight, PostHogError>> {
    return this.update(id, { deleted: true }, options);
  }

  /**
   * Runs a query: `POST /api/projects/{project_id}/query/` with `{ query }`, PostHog's
   * current query endpoint (newer than the bundled schema, which only lists its old GET
   * form, so this call is untyped). The answer is PostHog's, e.g. `{ results, columns, types }`
   * for HogQL.
   *
   * @param query - The query node.
   * @param options - `refresh`, signal and `onRetry`.
   * @example
   * ```ts
   * const answer = await client.insights.query({ kind: "HogQLQuery", query: "select event, count() from events group by event" });
   * ```
   */
  query(query: InsightQuery, options: QueryOptions = {}): Promise<Result<unknown, PostHogError>> {
    const { refresh, ...call } = options;
    return this.#api.requestPath("post", QUERY, {
      body: refresh === undefined ? { query } : { query, refresh },
      ...call,
    });
  }
}
