/**
 * Chooses how the actor sends a batch: the `transport` option when one is given (another
 * route or body format), otherwise a `PostHogClient` — the shared `client` with its own
 * settings, or one made from the actor's options with its backoff capped at
 * `retryProbeMs` (a `Retry-After` floor still wins), so that delivery resumes within about
 * a second of PostHog's recovery. With a client, the capture mode picks the route:
 * `captureBatch` (`/batch/`) in `"v0"`, `captureV1Batch` (whose report settles each event)
 * in `"v1"`; AI events always go through `captureAiBatch` (`/i/v0/ai/batch/`).
 */
import { Result } from "typescript-result";
import { DEFAULT_RETRY } from "../client/options.ts";
import { PostHogClient } from "../client/posthog-client.ts";
import type { PostHogError } from "../errors/posthog-error.ts";
import type { PostHogActorOptions, ResolvedActorOptions } from "./options.ts";
import type { Transport } from "./transport.ts";

/**
 * The client the actor sends through when none is shared: the actor's key, host, ky
 * instance, logger and request timeout, and a backoff capped at `retryProbeMs`.
 *
 * @param options - The actor's options.
 * @param resolved - The same, checked and with defaults.
 * @param personalApiKey - A personal key for the client's private API (the facade's option).
 * @returns The client, or an `"invalid-options"` error naming the option (a bad key or host).
 */
export function createCaptureClient(
  options: PostHogActorOptions,
  resolved: ResolvedActorOptions,
  personalApiKey?: string,
): Result<PostHogClient, PostHogError<"invalid-options">> {
  const retry = options.retry ?? {};
  const maxDelayMs = Math.min(retry.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs, resolved.retryProbeMs);
  const baseDelayMs = Math.min(retry.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs, maxDelayMs);
  return PostHogClient.create({
    apiKey: options.apiKey ?? "",
    host: options.host,
    timeoutMs: resolved.requestTimeoutMs,
    retry: { ...retry, baseDelayMs, maxDelayMs },
    http: options.http,
    logger: options.logger,
    ...(personalApiKey === undefined ? {} : { personalApiKey }),
  });
}

/**
 * The actor's client: the shared one, or one made from its options; `undefined` when a
 * `transport` is given without a client (nothing needs one then).
 *
 * @param options - The actor's options.
 * @param resolved - The same, checked and with defaults.
 */
export function resolveCaptureClient(
  options: PostHogActorOptions,
  resolved: ResolvedActorOptions,
): Result<PostHogClient | undefined, PostHogError<"invalid-options">> {
  if (options.client !== undefined) return Result.ok(options.client);
  if (options.transport !== undefined) return Result.ok(undefined);
  return createCaptureClient(options, resolved);
}

/**
 * The transport of the main capture path: `/batch/` in `"v0"`, the V1 route in `"v1"`.
 *
 * @param client - The client to send through.
 * @param resolved - The actor's options (mode, compression, historical migration).
 * @example
 * ```ts
 * const transport = captureTransport(client, { ...CAPTURE_DEFAULTS, captureMode: "v1" });
 * ```
 */
export function captureTransport(client: PostHogClient, resolved: ResolvedActorOptions): Transport {
  const { historicalMigration, compression } = resolved;
  if (resolved.captureMode === "v1") {
    return (events, { signal, onRetry }) =>
      client.captureV1Batch(events, { signal, onRetry, compression, historicalMigration });
  }
  return async (events, { signal, onRetry }) => {
    const sent = await client.captureBatch(events, {
      signal,
      onRetry,
      historicalMigration,
      compression,
    });
    return sent.ok ? Result.ok(undefined) : sent;
  };
}

/**
 * The transport of AI events: `/i/v0/ai/batch/`, whatever the capture mode.
 *
 * @param client - The client to send through.
 * @param resolved - The actor's options (compression, historical migration).
 */
export function aiCaptureTransport(
  client: PostHogClient,
  resolved: ResolvedActorOptions,
): Transport {
  const { historicalMigration, compression } = resolved;
  return async (events, { signal, onRetry }) => {
    const sent = await client.captureAiBatch(events, {
      signal,
      onRetry,
      historicalMigration,
      compression,
    });
    return sent.ok ? Result.ok(undefined) : sent;
  };
}
