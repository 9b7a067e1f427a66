/**
 * Annotations of the project (`/api/projects/{project_id}/annotations/`): list, iterate,
 * read, create, update, and delete (PostHog refuses hard deletes: `delete` sets
 * `deleted: true`, as its API asks). Every method comes from {@link CrudGroup}.
 */

import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { CrudGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/annotations/";

/** An annotation, as PostHog answers it. */
export type Annotation = Schema<"Annotation">;

/**
 * The annotations methods of a `PostHogClient` (`client.annotations`).
 *
 * @example
 * ```ts
 * await client.annotations.create({ content: "Deployed v2", date_marker: new Date().toISOString() });
 * ```
 */
export class AnnotationsApi extends CrudGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
  }
}
