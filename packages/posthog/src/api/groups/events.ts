/**
 * Events of the project (`/api/projects/{project_id}/events/`): list with filters
 * (`event`, `distinct_id`, `person_id`, `after`, `before`, `properties`…), iterate, and
 * read one (by its UUID) from {@link ReadableGroup}, and the values seen for a property. Events are written through ingestion
 * (`captureBatch`), never through this API.
 */

import type { Result } from "typescript-result";
import type { CallOptions } from "../../client/transport.ts";
import type { PostHogError } from "../../errors/posthog-error.ts";
import type { PrivateApi } from "../private-api.ts";
import type { Schema } from "../types.ts";
import { ReadableGroup } from "./resource-group.ts";

const LIST = "/api/projects/{project_id}/events/";

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
 * The event methods of a `PostHogClient` (`client.events`). `list` answers newest first.
 *
 * @example
 * ```ts
 * const recent = await client.events.list({ event: "signed_up", after: "2024-01-01", limit: 10 });
 * ```
 */
export class EventsApi extends ReadableGroup<typeof LIST> {
  /** @internal */
  constructor(api: PrivateApi) {
    super(api, LIST);
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
    return this.api.requestPath("get", "/api/projects/{project_id}/events/values/", {
      query: { ...query },
      ...options,
    });
  }
}
