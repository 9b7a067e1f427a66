/**
 * Decides what happens to a batch after PostHog's answer: the one place where the capture
 * path chooses between delivered, split, rejected, parked and handed back. Transient
 * failures (network, timeout, 408, 429, 5xx: decided by the client's one rule,
 * `isTransientPostHogError`, never here) have already been retried by the client, so here
 * they mean "attempts used up": the batch is parked. 413 and 400 on several events are
 * split in half to isolate the culprits; on a single event they reject it, with
 * `"event-too-large"` or PostHog's own reason. 401/403 and other 4xx answers reject the
 * batch as it is (sending it again cannot help). An abort (the drain deadline) hands the
 * batch back undelivered.
 */
import type { Result } from "typescript-result";
import { isTransientPostHogError } from "../client/retry-policy.ts";
import type { PostHogError } from "../errors/posthog-error.ts";

/** What to do with a batch after one delivery attempt (with its retries). */
export type DeliveryPlan =
  | { readonly kind: "delivered" }
  | { readonly kind: "split"; readonly why: "too-large" | "bad-request" }
  | { readonly kind: "reject"; readonly reason: string; readonly error: PostHogError }
  | { readonly kind: "park"; readonly error: PostHogError }
  | { readonly kind: "hand-back" };

/**
 * The reason a single event is rejected for a 400: PostHog's `detail`, else its `code`,
 * else `"bad-request"`.
 *
 * @param error - The `"api"` error of the 400.
 */
export function rejectionReason(error: PostHogError<"api">): string {
  return error.detail ?? error.code ?? "bad-request";
}

/**
 * The plan for a batch of `count` events given the outcome of sending it.
 *
 * @param count - Events in the batch.
 * @param outcome - The client's answer.
 * @example
 * ```ts
 * planDelivery(10, Result.error(new PostHogError("api", { status: 413, … }))); // { kind: "split", why: "too-large" }
 * ```
 */
export function planDelivery(count: number, outcome: Result<void, PostHogError>): DeliveryPlan {
  if (outcome.ok) return { kind: "delivered" };
  const error = outcome.error;
  if (error.kind === "request" && error.reason === "abort") return { kind: "hand-back" };
  if (isTransientPostHogError(error)) return { kind: "park", error };
  if (error.kind === "api") {
    switch (error.status) {
      case 413:
        return count > 1
          ? { kind: "split", why: "too-large" }
          : { kind: "reject", reason: "event-too-large", error };
      case 400:
        return count > 1
          ? { kind: "split", why: "bad-request" }
          : { kind: "reject", reason: rejectionReason(error), error };
      case 401:
        return { kind: "reject", reason: "unauthorized", error };
      case 403:
        return { kind: "reject", reason: "forbidden", error };
      default:
        return { kind: "reject", reason: `http-${error.status}`, error };
    }
  }
  return { kind: "reject", reason: error.kind, error };
}
