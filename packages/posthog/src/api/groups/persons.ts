/**
 * Persons of the project (`/api/projects/{project_id}/persons/`): list (by `distinct_id`,
 * `email`, `search`, `properties`), iterate, read, update, delete (optionally with their
 * events), and set or unset one property. PostHog creates persons from events only: to
 * create one, capture an event (`$identify`, `$set`).
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { BodyFor, ItemOf, QueryFor, ResponseFor, Schema } from "../types.ts";

const LIST = "/api/projects/{project_id}/persons/";
const ITEM = "/api/projects/{project_id}/persons/{id}/";

/** A person, as PostHog answers it. */
export type Person = Schema<"Person">;

/** Options of {@link PersonsApi.delete}. */
export interface DeletePersonOptions extends CallOptions {
  /** Also delete the person's events (asynchronously, on PostHog's side). @defaultValue `false` */
  readonly deleteEvents?: boolean | undefined;
}

/**
 * The person methods of a `PostHogClient` (`client.persons`).
 *
 * @example
 * ```ts
 * const found = await client.persons.list({ distinct_id: "user-1" });
 * const person = found.ok ? found.value.results?.[0] : undefined;
 * if (person) await client.persons.setProperty(person.id, "plan", "pro");
 * ```
 */
export class PersonsApi {
  readonly #api: PrivateApi;

  /** @internal */
  constructor(api: PrivateApi) {
    this.#api = api;
  }

  /**
   * One page of persons.
   *
   * @param query - `distinct_id`, `email`, `search`, `properties`, `limit`, `offset`.
   * @param options - Signal and `onRetry`.
   */
  list(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<typeof LIST, "get">, PostHogError>> {
    return this.#api.request("get", LIST, { params: { query }, ...options });
  }

  /**
   * Every person matching the query, page after page (see `PostHogClient.paginate`).
   *
   * @param query - As {@link PersonsApi.list}.
   * @param options - Signal and `onRetry`.
   */
  iterate(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): AsyncGenerator<Result<ItemOf<typeof LIST>, PostHogError>, void, undefined> {
    return this.#api.paginate(LIST, { params: { query }, ...options });
  }

  /**
   * One person.
   *
   * @param id - Its id.
   * @param options - Signal and `onRetry`.
   */
  get(id: number, options?: CallOptions): Promise<Result<Person, PostHogError>> {
    return this.#api.request("get", ITEM, { params: { path: { id } }, ...options });
  }

  /**
   * Changes a person's fields (PATCH), e.g. replaces its `properties`.
   *
   * @param id - Its id.
   * @param body - The fields to change.
   * @param options - Signal and `onRetry`.
   */
  update(
    id: number,
    body: BodyFor<typeof ITEM, "patch">,
    options?: CallOptions,
  ): Promise<Result<Person, PostHogError>> {
    return this.#api.request("patch", ITEM, { params: { path: { id } }, body, ...options });
  }

  /**
   * Deletes a person (a hard delete).
   *
   * @param id - Its id.
   * @param options - `deleteEvents`, signal and `onRetry`.
   */
  delete(id: number, options: DeletePersonOptions = {}): Promise<Result<undefined, PostHogError>> {
    const { deleteEvents, ...call } = options;
    return this.#api.request("delete", ITEM, {
      params: {
        path: { id },
        query: deleteEvents === undefined ? undefined : { delete_events: deleteEvents },
      },
      ...call,
    });
  }

  /**
   * Sets one property of a person (`POST …/persons/{id}/update_property/` with
   * `{ key, value }`, which PostHog reads from the body; the schema lists them as query
   * parameters, so both are sent).
   *
   * @param id - Its id.
   * @param key - The property.
   * @param value - Its new value (any JSON value).
   * @param options - Signal and `onRetry`.
   */
  setProperty(
    id: number,
    key: string,
    value: unknown,
    options: CallOptions = {},
  ): Promise<Result<unknown, PostHogError>> {
    return this.#api.requestPath(
      "post",
      `/api/projects/{project_id}/persons/${encodeURIComponent(String(id))}/update_property/`,
      {
        query: { key, value: typeof value === "string" ? value : JSON.stringify(value) },
        body: { key, value },
        ...options,
      },
    );
  }

  /**
   * Removes one property of a person (`POST …/persons/{id}/delete_property/` with
   * `{ $unset: key }`).
   *
   * @param id - Its id.
   * @param key - The property.
   * @param options - Signal and `onRetry`.
   */
  unsetProperty(
    id: number,
    key: string,
    options: CallOptions = {},
  ): Promise<Result<unknown, PostHogError>> {
    return this.#api.requestPath(
      "post",
      `/api/projects/{project_id}/persons/${encodeURIComponent(String(id))}/delete_property/`,
      {
        query: { $unset: key },
        body: { $unset: key },
        ...options,
      },
    );
  }
}
