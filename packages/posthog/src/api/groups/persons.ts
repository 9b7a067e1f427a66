/**
 * Persons of the project (`/api/projects/{project_id}/persons/`): list (by `distinct_id`,
 * `email`, `search`, `properties`), iterate, read and update from {@link EditableGroup}, a
 * hard delete (optionally with their events), and set or unset one property. PostHog
 * creates persons from events only: to create one, capture an event (`$identify`, `$set`).
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { EditableGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/persons/";

/** A person, as PostHog answers it. */
export type Person = Schema<"Person">;

/** Options of {@link PersonsApi.delete}. */
export interface DeletePersonOptions extends CallOptions {
  /** Also delete the person's events (asynchronously, on PostHog's side). @defaultValue `false` */
  readonly deleteEvents?: boolean | undefined;
}

/**
 * The person methods of a `PostHogClient` (`client.persons`). `list` and `iterate` take
 * `distinct_id`, `email`, `search`, `properties`, `limit` and `offset`; `update` changes a
 * person's fields, e.g. replaces its `properties`.
 *
 * @example
 * ```ts
 * const found = await client.persons.list({ distinct_id: "user-1" });
 * const person = found.ok ? found.value.results?.[0] : undefined;
 * if (person) await client.persons.setProperty(person.id, "plan", "pro");
 * ```
 */
export class PersonsApi extends EditableGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
  }

  /**
   * Deletes a person (a hard delete).
   *
   * @param id - Its id.
   * @param options - `deleteEvents`, signal and `onRetry`.
   */
  delete(id: number, options: DeletePersonOptions = {}): Promise<Result<undefined, PostHogError>> {
    const { deleteEvents, ...call } = options;
    return this.api.request("delete", this.itemPath, {
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
    return this.api.requestPath(
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
    return this.api.requestPath(
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
