/**
 * The events `createPostHog`'s facade lets you listen to with `on`: every event of the
 * capture actor (`"flush"`, `"retry"`, `"retry-exhausted"`, `"reject"`, `"drop"`), and
 * `"error"`, which also carries the feature flags' typed errors — a failed evaluation
 * whose method answered `undefined` or your default, or a background failure of the
 * definitions poller.
 */
import type { PostHogCaptureEvents } from "../capture/events.ts";
import type { PostHogError } from "../errors/posthog-error.ts";
import type { FeatureFlagsError } from "../flags/errors.ts";

/**
 * The event map of the facade.
 *
 * @example
 * ```ts
 * posthog.on("error", (error) => log.warn({ kind: error.kind }, error.message));
 * ```
 */
export interface PostHogEvents extends Omit<PostHogCaptureEvents, "error"> {
  /** A capture error (a bad key, an invalid event…), or a feature flags error. */
  error: [error: PostHogError | FeatureFlagsError];
}

/** The name of an event of the facade. */
export type PostHogEventName = keyof PostHogEvents;
