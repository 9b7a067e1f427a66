/**
 * Insights of the project (`/api/projects/{project_id}/insights/`): list, iterate, read,
 * create, update, delete (PostHog refuses hard deletes: `delete` sets `deleted: true`, as
 * its API asks) from {@link CrudGroup}, and `query`, which runs a query (HogQL, trends,
 * funnels…) through PostHog's query endpoint.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { CrudGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/insights/";
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
export class InsightsApi extends CrudGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
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
    return this.api.requestPath("post", QUERY, {
      body: refresh === undefined ? { query } : { query, refresh },
      ...call,
    });
  }
}
