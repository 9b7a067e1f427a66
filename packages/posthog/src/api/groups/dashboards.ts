/**
 * Dashboards of the project (`/api/projects/{project_id}/dashboards/`): list, iterate, read,
 * create, update, and delete (PostHog refuses hard deletes: `delete` sets `deleted: true`,
 * as its API asks).
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { BodyFor, ItemOf, QueryFor, ResponseFor, Schema } from "../types.ts";

const LIST = "/api/projects/{project_id}/dashboards/";
const ITEM = "/api/projects/{project_id}/dashboards/{id}/";

/** A dashboard, as PostHog answers it. */
export type Dashboard = Schema<"Dashboard">;

/** Options of {@link DashboardsApi.delete}. */
export interface DeleteDashboardOptions extends CallOptions {
  /** Also delete the insights that are on no other dashboard. @defaultValue `false` */
  readonly deleteInsights?: boolean | undefined;
}

/**
 * The dashboards methods of a `PostHogClient` (`client.dashboards`).
 *
 * @example
 * ```ts
 * for await (const item of client.dashboards.iterate()) {
 *   if (!item.ok) break;
 *   console.log(item.value.id);
 * }
 * ```
 */
export class DashboardsApi {
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
  get(id: number, options?: CallOptions): Promise<Result<Dashboard, PostHogError>> {
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
  ): Promise<Result<Dashboard, PostHogError>> {
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
  ): Promise<Result<Dashboard, PostHogError>> {
    return this.#api.request("patch", ITEM, { params: { path: { id } }, body, ...options });
  }

  /**
   * Deletes one: PostHog refuses hard deletes, so this sets `deleted: true`.
   *
   * @param id - Its numeric id.
   * @param options - `deleteInsights` (also delete the insights only this dashboard holds),
   * signal and `onRetry`.
   */
  delete(
    id: number,
    options: DeleteDashboardOptions = {},
  ): Promise<Result<Dashboard, PostHogError>> {
    const { deleteInsights = false, ...call } = options;
    return this.update(id, { deleted: true, delete_insights: deleteInsights }, call);
  }
}
