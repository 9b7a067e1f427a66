/**
 * The activity log: who changed what (`/api/projects/{project_id}/activity_log/…`), and the
 * history of one feature flag, insight or person, or of all of them. The schema types
 * these answers as the resource itself (a drf-spectacular artefact), so they are typed here
 * from its `ActivityLog` component, the shape PostHog answers.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";

/** One entry of the activity log. */
export type ActivityLogEntry = Schema<"ActivityLog">;

/** A page of the activity log, as PostHog answers it. */
export interface ActivityPage {
  readonly results: ActivityLogEntry[];
  readonly next?: string | null;
  readonly previous?: string | null;
  readonly total_count?: number;
}

/** The scopes with a history. */
export type ActivityScope = "feature_flags" | "insights" | "persons";

/**
 * The activity-log methods of a `PostHogClient` (`client.activityLog`).
 *
 * @example
 * ```ts
 * const history = await client.activityLog.history("feature_flags", 7);
 * if (history.ok) for (const entry of history.value.results) console.log(entry.activity, entry.user);
 * ```
 */
export class ActivityLogApi {
  readonly #api: PrivateApi;

  /** @internal */
  constructor(api: PrivateApi) {
    this.#api = api;
  }

  /**
   * The changes the current user should know about (`…/activity_log/important_changes/`).
   *
   * @param options - Signal and `onRetry`.
   */
  async importantChanges(options: CallOptions = {}): Promise<Result<ActivityPage, PostHogError>> {
    const answer = await this.#api.request(
      "get",
      "/api/projects/{project_id}/activity_log/important_changes/",
      options,
    );
    return answer as unknown as Result<ActivityPage, PostHogError>;
  }

  /**
   * The history of one feature flag, insight or person (`…/{scope}/{id}/activity/`), or
   * of all of them when `id` is omitted (`…/{scope}/activity/`).
   *
   * @param scope - `"feature_flags"`, `"insights"` or `"persons"`.
   * @param id - The item; omit for the whole scope.
   * @param options - Signal and `onRetry`.
   */
  async history(
    scope: ActivityScope,
    id?: number,
    options: CallOptions = {},
  ): Promise<Result<ActivityPage, PostHogError>> {
    const item = id === undefined ? "" : `${encodeURIComponent(String(id))}/`;
    const answer = await this.#api.requestPath(
      "get",
      `/api/projects/{project_id}/${scope}/${item}activity/`,
      options,
    );
    return answer as Result<ActivityPage, PostHogError>;
  }
}
