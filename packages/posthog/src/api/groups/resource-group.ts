/**
 * The shared shape of the private API's resource groups (`client.actions`,
 * `client.featureFlags`…): a project-scoped list path `…/{resource}/` and its item path
 * `…/{resource}/{id}/`. Three classes build on one another: {@link ReadableGroup} lists,
 * iterates and reads; {@link EditableGroup} also updates (PATCH); {@link CrudGroup} also
 * creates, and deletes by setting `deleted: true`, as PostHog refuses hard deletes of those
 * models. Every signature is computed from the generated `paths` for the group's list path,
 * so a regenerated schema retypes every group; a group file extends the class it needs and
 * adds only what is its own.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type {
  ApiMethod,
  ApiPath,
  BodyFor,
  ItemOf,
  PaginatedPath,
  PathParamsFor,
  QueryFor,
  ResponseFor,
} from "../types.ts";

/**
 * The item path of a list path, when the schema has one.
 *
 * @example
 * ```ts
 * type Item = ItemPathOf<"/api/projects/{project_id}/actions/">;
 * // "/api/projects/{project_id}/actions/{id}/"
 * ```
 */
export type ItemPathOf<L extends string> = Extract<ApiPath, `${L}{id}/`>;

/** The type of the `{id}` of the items of list path `L`, as the schema gives it. */
export type IdOf<L extends string> =
  PathParamsFor<ItemPathOf<L>, "get"> extends { id: infer I } ? I : never;

/**
 * `PrivateApi` with untyped paths: inside these generic classes `L` is not a literal yet,
 * so the public signatures below carry the types, computed from the schema.
 */
interface LooseApi {
  request(method: ApiMethod, path: string, options: object): Promise<Result<unknown, PostHogError>>;
  paginate(
    path: string,
    options: object,
  ): AsyncGenerator<Result<unknown, PostHogError>, void, undefined>;
}

/**
 * A resource group that is listed, iterated and read one item at a time.
 *
 * @typeParam L - The group's list path, e.g. `"/api/projects/{project_id}/events/"`.
 * @example
 * ```ts
 * for await (const item of client.actions.iterate()) {
 *   if (!item.ok) break;
 *   console.log(item.value.id);
 * }
 * ```
 */
export class ReadableGroup<L extends PaginatedPath> {
  /** The client's private API. @internal */
  protected readonly api: PrivateApi;
  /** The list path. @internal */
  protected readonly listPath: L;
  /** The item path, `${listPath}{id}/`. @internal */
  protected readonly itemPath: ItemPathOf<L>;

  /** @internal */
  constructor(api: PrivateApi, listPath: L) {
    this.api = api;
    this.listPath = listPath;
    this.itemPath = `${listPath}{id}/` as ItemPathOf<L>;
  }

  /**
   * One page of the list.
   *
   * @param query - Its query (filters, `limit`, `offset`…).
   * @param options - Signal and `onRetry`.
   */
  list(
    query?: QueryFor<L, "get">,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<L, "get">, PostHogError>> {
    return this.send("get", this.listPath, { params: { query }, ...options });
  }

  /**
   * Every item, page after page (see `PostHogClient.paginate`).
   *
   * @param query - As {@link ReadableGroup.list}; `limit` sets the page size.
   * @param options - Signal and `onRetry`.
   */
  iterate(
    query?: QueryFor<L, "get">,
    options?: CallOptions,
  ): AsyncGenerator<Result<ItemOf<L>, PostHogError>, void, undefined> {
    const api = this.api as unknown as LooseApi;
    return api.paginate(this.listPath, { params: { query }, ...options }) as AsyncGenerator<
      Result<ItemOf<L>, PostHogError>,
      void,
      undefined
    >;
  }

  /**
   * One item.
   *
   * @param id - Its id.
   * @param options - Signal and `onRetry`.
   */
  get(
    id: IdOf<L>,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<ItemPathOf<L>, "get">, PostHogError>> {
    return this.send("get", this.itemPath, { params: { path: { id } }, ...options });
  }

  /**
   * Calls `PrivateApi.request` with a path of this group; `R` is the answer the caller's
   * signature computed from the schema.
   *
   * @internal
   */
  protected send<R>(
    method: ApiMethod,
    path: L | ItemPathOf<L>,
    options: object,
  ): Promise<Result<R, PostHogError>> {
    const api = this.api as unknown as LooseApi;
    return api.request(method, path, options) as Promise<Result<R, PostHogError>>;
  }
}

/**
 * A resource group whose items are also changed, field by field (PATCH).
 *
 * @typeParam L - The group's list path.
 */
export class EditableGroup<L extends PaginatedPath> extends ReadableGroup<L> {
  /**
   * Changes some fields (PATCH).
   *
   * @param id - Its id.
   * @param body - The fields to change (read-only ones left out).
   * @param options - Signal and `onRetry`.
   */
  update(
    id: IdOf<L>,
    body: BodyFor<ItemPathOf<L>, "patch">,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<ItemPathOf<L>, "patch">, PostHogError>> {
    return this.send("patch", this.itemPath, { params: { path: { id } }, body, ...options });
  }
}

/**
 * A resource group that is also created, and deleted softly: PostHog refuses hard deletes
 * of these models, so `delete` sets `deleted: true`, as its API asks.
 *
 * @typeParam L - The group's list path.
 * @example
 * ```ts
 * const created = await client.cohorts.create({ name: "Pro users" });
 * if (created.ok) await client.cohorts.delete(created.value.id);
 * ```
 */
export class CrudGroup<L extends PaginatedPath> extends EditableGroup<L> {
  /**
   * Creates one.
   *
   * @param body - Its fields (read-only ones left out).
   * @param options - Signal and `onRetry`.
   */
  create(
    body: BodyFor<L, "post">,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<L, "post">, PostHogError>> {
    return this.send("post", this.listPath, { body, ...options });
  }

  /**
   * Deletes one: PostHog refuses hard deletes, so this sets `deleted: true`.
   *
   * @param id - Its id.
   * @param options - Signal and `onRetry`.
   */
  delete(
    id: IdOf<L>,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<ItemPathOf<L>, "patch">, PostHogError>> {
    return this.update(id, { deleted: true } as BodyFor<ItemPathOf<L>, "patch">, options);
  }
}
