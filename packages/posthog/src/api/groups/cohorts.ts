/**
 * Cohorts of the project (`/api/projects/{project_id}/cohorts/`): list, iterate, read,
 * create, update, and delete (PostHog refuses hard deletes: `delete` sets `deleted: true`,
 * as its API asks). Every method comes from {@link CrudGroup}.
 */

import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { CrudGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/cohorts/";

/** A cohort, as PostHog answers it. */
export type Cohort = Schema<"Cohort">;

/**
 * The cohorts methods of a `PostHogClient` (`client.cohorts`).
 *
 * @example
 * ```ts
 * const cohort = await client.cohorts.get(12);
 * if (cohort.ok) console.log(cohort.value.name, cohort.value.count);
 * ```
 */
export class CohortsApi extends CrudGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
  }
}
