/**
 * The seam between the capture pipeline and HTTP: a {@link Transport} sends one batch of
 * wire events and answers with a `Result`. The default one posts to `/batch/` through
 * `PostHogClient.captureBatch`; the V1 mode (`captureV1Batch`, whose report settles each
 * event) and the AI events route (`captureAiBatch`) plug in here without touching
 * batching, retries or bookkeeping.
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
 * What a transport may report about single events of a batch PostHog answered (a protocol
 * with per-event results: the V1 route's `V1BatchReport` is one); every event it does not
 * name as rejected or unsettled was delivered.
 *
 * @example
 * ```ts
 * const outcome: PartialOutcome = { rejected: [{ uuid, reason: "invalid_event" }] };
 * ```
 */
export interface PartialOutcome {
  /** Events PostHog refused for good, by uuid, with its reason. */
  readonly rejected?: readonly { readonly uuid: string; readonly reason: string }[] | undefined;
  /** Delivered events PostHog remarked on (`limited`, `warning`, a result this version does not know): logged. */
  readonly notes?:
    | readonly {
        readonly uuid: string;
        readonly result: string;
        readonly details: string | undefined;
      }[]
    | undefined;
  /** Events left without an outcome when the exchange ended, and the last failure. */
  readonly unsettled?:
    | {
        readonly uuids: readonly string[];
        readonly error: PostHogError;
        /** Parked (sent again later) when true; planned as a failed batch when false. */
        readonly retryable: boolean;
      }
    | undefined;
}

/**
 * Sends one batch; retries of retryable failures happen inside, so an error result means
 * the attempts are used up, or the failure is not retryable. A success may carry a
 * {@link PartialOutcome} naming events that were not delivered.
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
) => Promise<Result<PartialOutcome | undefined, PostHogError>>;
