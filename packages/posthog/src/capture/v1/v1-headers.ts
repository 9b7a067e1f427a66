/**
 * The headers of a V1 capture request. The project key goes in `Authorization: Bearer`;
 * `PostHog-Sdk-Info` names the library (`name/version`, from which the server fills in
 * `$lib`); `PostHog-Request-Id` names the batch and stays the same on every attempt,
 * partial retries included, so PostHog can de-duplicate; `PostHog-Attempt` counts the
 * attempts from 1; `PostHog-Request-Timestamp` is the time of this attempt (it changes on
 * every retry, while the body's `created_at` does not).
 */

/** The path of the V1 capture endpoint. */
export const V1_CAPTURE_PATH = "/i/v1/analytics/events";

/** What the headers of one attempt are made from. */
export interface V1HeaderInput {
  /** The project token (`phc_…`). */
  readonly apiKey: string;
  /** `name/version` of the library. */
  readonly sdkInfo: string;
  /** The batch's id (a UUID), the same on every attempt. */
  readonly requestId: string;
  /** The attempt, from 1. */
  readonly attempt: number;
  /** When this attempt is made. */
  readonly now: Date;
  /** The body's encoding (`"gzip"`, `"br"`…), when it is compressed. */
  readonly contentEncoding?: string | undefined;
}

/**
 * The headers of one attempt.
 *
 * @param input - The key, library, batch id, attempt number and clock reading.
 * @example
 * ```ts
 * buildV1Headers({ apiKey: "phc_x", sdkInfo: "tsactor-posthog/0.1.0", requestId, attempt: 1, now: new Date() });
 * // { authorization: "Bearer phc_x", "posthog-attempt": "1", … }
 * ```
 */
export function buildV1Headers(input: V1HeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    authorization: `Bearer ${input.apiKey}`,
    "posthog-sdk-info": input.sdkInfo,
    "posthog-request-id": input.requestId,
    "posthog-attempt": String(input.attempt),
    "posthog-request-timestamp": input.now.toISOString(),
  };
  if (input.contentEncoding !== undefined) headers["content-encoding"] = input.contentEncoding;
  return headers;
}
