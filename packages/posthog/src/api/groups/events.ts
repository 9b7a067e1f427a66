/**
 * Events of the project (`/api/projects/{project_id}/events/`): list with filters
 * (`event`, `distinct_id`, `person_id`, `after`, `before`, `properties`…), iterate, read
 * one, and the values seen for a property. Events are written through ingestion
 * (`captureBatch`), never through this API.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { ItemOf, QueryFor, ResponseFor, Schema } from "../types.ts";

const LIST = "/api/projects/{project_id}/events/";
const ITEM = "/api/projects/{project_id}/events/{id}/";

/** An event, as PostHog answers it. */
export type EventRecord = Schema<"ClickhouseEvent">;

/** Options of {@link EventsApi.values}. */
export interface EventValuesQuery {
  /** The property whose values to list. */
  readonly key: string;
  /** Only values containing this text. */
  readonly value?: string | undefined;
  /** Only values of this event. */
  readonly event_name?: string | undefined;
}

/**
 * The event methods of a `PostHogClient` (`client.events`).
 *
 * @example
 * ```ts
 * const recent = await client.events.list({ event: "signed_up", after: "2024-01-01", limit: 10 });
 * ```
 */
export class EventsApi {
  readonly #api: PrivateApi;

  /** @internal */
  constructor(api: PrivateApi) {
    this.#api = api;
  }

  /**
   * One page of events, newest first.
   *
   * @param query - Filters and `limit`.
   * @param options - Signal and `onRetry`.
   */
  list(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): Promise<Result<ResponseFor<typeof LIST, "get">, PostHogError>> {
    return this.#api.request("get", LIST, { params: { query }, ...options });
  }

  /**
   * Every event matching the query, page after page (see `PostHogClient.paginate`).
   *
   * @param query - As {@link EventsApi.list}.
   * @param options - Signal and `onRetry`.
   */
  iterate(
    query?: QueryFor<typeof LIST, "get">,
    options?: CallOptions,
  ): AsyncGenerator<Result<ItemOf<typeof LIST>, PostHogError>, void, undefined> {
    return this.#api.paginate(LIST, { params: { query }, ...options });
  }

  /**
   * One event.
   *
   * @param id - Its id (a UUID).
   * @param options - Signal and `onRetry`.
   */
  get(id: string, options?: CallOptions): Promise<Result<EventRecord, PostHogError>> {
    return this.#api.request("get", ITEM, { params: { path: { id } }, ...options });
  }

  /**
   * The values seen for a property (`GET …/events/values/?key=…`). The schema does not
   * list its query, so this call is untyped: PostHog answers `[{ name }, …]`.
   *
   * @param query - `key`, and optionally `value` and `event_name`.
   * @param options - Signal and `onRetry`.
   */
  values(
    query: EventValuesQuery,
    options: CallOptions = {},
  ): Promise<Result<unknown, PostHogError>> {
    return this.#api.requestPath("get", "/api/projects/{project_id}/events/values/", {
      query: { ...query },
      ...options,
    });
  }
}
