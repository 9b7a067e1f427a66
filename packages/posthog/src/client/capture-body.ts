/**
 * The body of PostHog's batch endpoint, exactly as its SDKs send it:
 * `{"api_key":…,"batch":[…],"sent_at":…}` plus `"historical_migration":true` when set, the
 * same bytes as `JSON.stringify` of that object. The events are encoded once; each attempt
 * only splices in a fresh `sent_at`.
 */

/**
 * One event as PostHog's capture endpoints take it.
 *
 * @example
 * ```ts
 * const event: PostHogWireEvent = {
 *   event: "signed_up",
 *   distinct_id: "user-1",
 *   properties: { plan: "pro", $lib: "tsactor-posthog" },
 *   timestamp: new Date().toISOString(),
 *   uuid: crypto.randomUUID(),
 * };
 * ```
 */
export interface PostHogWireEvent {
  readonly event: string;
  readonly distinct_id: string;
  readonly properties?: Readonly<Record<string, unknown>>;
  /** ISO 8601. */
  readonly timestamp?: string;
  readonly uuid?: string;
  readonly [field: string]: unknown;
}

/**
 * Builds the batch body around an already encoded batch.
 *
 * @param apiKey - The project token.
 * @param batchJson - `JSON.stringify(events)`.
 * @param sentAt - When this attempt is sent, ISO 8601.
 * @param historicalMigration - Adds `"historical_migration":true`.
 */
export function batchBody(
  apiKey: string,
  batchJson: string,
  sentAt: string,
  historicalMigration: boolean,
): string {
  const migration = historicalMigration ? ',"historical_migration":true' : "";
  return `{"api_key":${JSON.stringify(apiKey)},"batch":${batchJson},"sent_at":${JSON.stringify(sentAt)}${migration}}`;
}
