/**
 * Dashboards of the project (`/api/projects/{project_id}/dashboards/`): list, iterate, read,
 * create and update from {@link CrudGroup}, and a `delete` that sets `deleted: true` (PostHog
 * refuses hard deletes) and can take the dashboard's own insights with it.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { CrudGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/dashboards/";

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
export class DashboardsApi extends CrudGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
  }

  /**
   * Deletes one: PostHog refuses hard deletes, so this sets `deleted: true`.
   *
   * @param id - Its numeric id.
   * @param options - `deleteInsights` (also delete the insights only this dashboard holds),
   * signal and `onRetry`.
   */
  override delete(
    id: number,
    options: DeleteDashboardOptions = {},
  ): Promise<Result<Dashboard, PostHogError>> {
    const { deleteInsights = false, ...call } = options;
    return this.update(id, { deleted: true, delete_insights: deleteInsights }, call);
  }
}
