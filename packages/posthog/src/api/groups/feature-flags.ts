/**
 * Feature flags of the project (`/api/projects/{project_id}/feature_flags/`): list,
 * iterate, read, create, update, and delete (PostHog refuses hard deletes: `delete` sets
 * `deleted: true`, as its API asks). Every method comes from {@link CrudGroup}; the history
 * of a flag is `client.activityLog.history("feature_flags", id)`.
 */

import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { CrudGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/feature_flags/";

/** A feature flag, as PostHog answers it. */
export type FeatureFlag = Schema<"FeatureFlag">;

/**
 * The feature-flag methods of a `PostHogClient` (`client.featureFlags`). `create` takes at
 * least a `key`; `filters` holds the release conditions.
 *
 * @example
 * ```ts
 * const created = await client.featureFlags.create({ key: "new-checkout", filters: { groups: [{ rollout_percentage: 10 }] } });
 * if (created.ok) await client.featureFlags.update(created.value.id, { active: false });
 * ```
 */
export class FeatureFlagsApi extends CrudGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
  }
}
