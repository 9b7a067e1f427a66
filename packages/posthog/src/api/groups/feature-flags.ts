/**
 * Feature flags of the project (`/api/projects/{project_id}/feature_flags/`): list,
 * iterate, read, create, update, delete (PostHog refuses hard deletes: `delete` sets
 * `deleted: true`, as its API asks) and the activity of a flag.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { BodyFor, ItemOf, QueryFor, ResponseFor, Schema } from "../types.ts";

const LIST = "/api/projects/{project_id}/feature_flags/";
const ITEM = "/api/projects/{project_id}/feature_flags/{id}/";

/** A feature flag, as PostHog answers it. */
export type FeatureFlag = Schema<"FeatureFlag">;

/**
 * The feature-flag methods of a `PostHogClient` (`client.featureFlags`).
 *
 * @example
 * ```ts
 * const created = await client.featureFlags.create({ key: "new-checkout", filters: { groups: [{ rollout_percentage: 10 }] } });
 * if (created.ok) await client.featureFlags.update(created.value.id, { active: false });
 * ```
 */
export class FeatureFlagsApi {
  readonly #api: PrivateApi;

  /** @internal */
  constructor(api: PrivateApi) {
    this.#api = api;
  }

  /**
   * One page of flags.
   *
   * @param query - `limit`, `offset`.
   * @param options - Signal and `onRetry`.
   */
  list(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<typeof LIST, "get">, PostHogError>> {
    return this.#api.request("get", LIST, { params: { query }, ...options });
  }

  /**
   * Every flag, page after page (see `PostHogClient.paginate`).
   *
   * @param query - `limit` sets the page size.
   * @param options - Signal and `onRetry`.
   */
  iterate(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): AsyncGenerator<Result<ItemOf<typeof LIST>, PostHogError>, void, undefined> {
    return this.#api.paginate(LIST, { params: { query }, ...options });
  }

  /**
   * One flag.
   *
   * @param id - Its numeric id.
   * @param options - Signal and `onRetry`.
   */
  get(id: number, options?: CallOptions): Promise<Result<FeatureFlag, PostHogError>> {
    return this.#api.request("get", ITEM, { params: { path: { id } }, ...options });
  }

  /**
   * Creates a flag.
   *
   * @param body - At least its `key`; `filters` holds the release conditions.
   * @param options - Signal and `onRetry`.
   */
  create(
    body: BodyFor<typeof LIST, "post">,
    options?: CallOptions,
  ): Promise<Result<FeatureFlag, PostHogError>> {
    return this.#api.request("post", LIST, { body, ...options });
  }

  /**
   * Changes some fields of a flag (PATCH).
   *
   * @param id - Its numeric id.
   * @param body - The fields to change.
   * @param options - Signal and `onRetry`.
   */
  update(
    id: number,
    body: BodyFor<typeof ITEM, "patch">,
    options?: CallOptions,
  ): Promise<Result<FeatureFlag, PostHogError>> {
    return this.#api.request("patch", ITEM, { params: { path: { id } }, body, ...options });
  }

  /**
   * Deletes a flag: PostHog refuses hard deletes, so this sets `deleted: true`.
   *
   * @param id - Its numeric id.
   * @param options - Signal and `onRetry`.
   */
  delete(id: number, options?: CallOptions): Promise<Result<FeatureFlag, PostHogError>> {
    return this.update(id, { deleted: true }, options);
  }
}
