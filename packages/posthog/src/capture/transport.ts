/**
 * The seam between the capture pipeline and HTTP: a {@link Transport} sends one batch of
 * wire events and answers with a `Result`. The default one posts to `/batch/` through
 * `PostHogClient.captureBatch`; another route or body builder (a v1 capture mode, an AI
 * events route) plugs in here without touching batching, retries or bookkeeping.
 */
import type { Result } from "typescript-result";
import type { RetryInfo } from "../client/transport.ts";
import type { PostHogError } from "../errors/posthog-error.ts";
import type { WireEvent } from "./types.ts";

export type { RetryInfo };

/** Options of one send. */
export interface SendOptions {
  /** Aborts the request and any retry wait (the drain deadline, a kill). */
  readonly signal: AbortSignal;
  /** Called before each retry. */
  readonly onRetry: (info: RetryInfo) => void;
}

/**
 * Sends one batch; retries of retryable failures happen inside, so an error result means
 * the attempts are used up, or the failure is not retryable.
 *
 * @example
 * ```ts
 * const transport: Transport = (events, { signal, onRetry }) =>
 *   client.captureBatch(events, { signal, onRetry });
 * ```
 */
export type Transport = (
  events: readonly WireEvent[],
  options: SendOptions,
) => Promise<Result<void, PostHogError>>;
