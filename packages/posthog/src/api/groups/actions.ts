/**
 * Actions of the project (`/api/projects/{project_id}/actions/`): list, iterate, read,
 * create, update, and delete (PostHog refuses hard deletes: `delete` sets `deleted: true`,
 * as its API asks). Every method comes from {@link CrudGroup}.
 */

import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { CrudGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/actions/";

/** An action (a named set of event matchers), as PostHog answers it. */
export type Action = Schema<"Action">;

/**
 * The actions methods of a `PostHogClient` (`client.actions`).
 *
 * @example
 * ```ts
 * for await (const item of client.actions.iterate()) {
 *   if (!item.ok) break;
 *   console.log(item.value.id);
 * }
 * ```
 */
export class ActionsApi extends CrudGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
  }
}
