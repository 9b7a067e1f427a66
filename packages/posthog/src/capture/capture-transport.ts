/**
 * Chooses how the actor sends a batch: the `transport` option when one is given (another
 * route or body format), otherwise `captureBatch` of a `PostHogClient` — the shared
 * `client` with its own settings, or one made from the actor's options with its backoff
 * capped at `retryProbeMs` (a `Retry-After` floor still wins), so that delivery resumes
 * within about a second of PostHog's recovery.
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
 * @returns The client, or an `"invalid-options"` error naming the option (a bad key or host).
 */
export function createCaptureClient(
  options: PostHogActorOptions,
  resolved: ResolvedActorOptions,
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
  });
}

/**
 * The transport of the actor.
 *
 * @param options - The actor's options.
 * @param resolved - The same, checked and with defaults.
 * @example
 * ```ts
 * const transport = createCaptureTransport({ apiKey: "phc_…" }, CAPTURE_DEFAULTS);
 * ```
 */
export function createCaptureTransport(
  options: PostHogActorOptions,
  resolved: ResolvedActorOptions,
): Result<Transport, PostHogError<"invalid-options">> {
  if (options.transport !== undefined) return Result.ok(options.transport);
  let client = options.client;
  if (client === undefined) {
    const created = createCaptureClient(options, resolved);
    if (!created.ok) return created;
    client = created.value;
  }
  const shared = client;
  const { historicalMigration, compression } = resolved;
  return Result.ok(async (events, { signal, onRetry }) => {
    const sent = await shared.captureBatch(events, {
      signal,
      onRetry,
      historicalMigration,
      compression,
    });
    return sent.ok ? Result.ok(undefined) : sent;
  });
}
