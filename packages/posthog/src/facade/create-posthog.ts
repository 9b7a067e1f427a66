/**
 * `createPostHog(options)`: spawns a `PostHogActor` and returns the posthog-node-shaped
 * {@link PostHog} in front of it, with one `PostHogClient` shared by the actor and by any
 * other group of methods, one event emitter shared with the actor so `on` sees everything
 * the actor emits, and the `FeatureFlags` of the same key, host and `ky` instance, whose
 * `$feature_flag_called` events go through the actor. Invalid options are a configuration
 * bug: they throw the `"invalid-options"` `PostHogError` at once, as posthog-node throws on
 * a missing key.
 */
import { spawn } from "@tsactor/core";
import { EventEmitter } from "eventemitter3";
import { PostHogActor } from "../capture/actor.ts";
import { createCaptureClient } from "../capture/capture-transport.ts";
import type { PostHogCaptureEvents } from "../capture/events.ts";
import { type PostHogActorOptions, resolveActorOptions } from "../capture/options.ts";
import type { FacadeLink } from "../capture/stats.ts";
import type { PostHogClient } from "../client/posthog-client.ts";
import type { FlagCalledEvent } from "../flags/called-tracker.ts";
import { FeatureFlags } from "../flags/feature-flags.ts";
import { PostHog } from "./posthog.ts";

/**
 * Options of {@link createPostHog}: those of `PostHogActor`, how to spawn it, and those of
 * feature flags.
 *
 * @example
 * ```ts
 * const options: PostHogOptions = {
 *   apiKey: "phc_…",
 *   personalApiKey: process.env.POSTHOG_PERSONAL_API_KEY, // local flag evaluation
 *   flushAt: 50,
 *   captureMode: "v1",
 * };
 * ```
 */
export interface PostHogOptions extends Omit<PostHogActorOptions, "link"> {
  /** The actor's name, for logs and `identity()`. @defaultValue `"PostHogActor"` */
  readonly name?: string | undefined;
  /** The actor's mailbox capacity (captures handed over and not yet taken). @defaultValue `100000` */
  readonly mailboxCapacity?: number | undefined;
  /**
   * A personal API key (`phx_…`) or a secret key (`phs_…`): turns local flag evaluation
   * on (definitions polled in the background), and lets `client` call the private API.
   */
  readonly personalApiKey?: string | undefined;
  /** Interval between two loads of the flag definitions, in ms. @defaultValue `30_000` */
  readonly featureFlagsPollingIntervalMs?: number | undefined;
  /** Timeout of each `/flags` attempt, in ms. @defaultValue `3_000` */
  readonly featureFlagsRequestTimeoutMs?: number | undefined;
  /** Never ask PostHog to evaluate a flag: what local evaluation cannot decide has no value. @defaultValue `false` */
  readonly onlyEvaluateLocally?: boolean | undefined;
}

/**
 * Spawns the capture actor and returns a posthog-node-shaped client in front of it.
 *
 * @param options - See {@link PostHogOptions}.
 * @returns The client; its `ref` is the actor, its `flags` the feature flags.
 * @throws PostHogError of kind `"invalid-options"`, naming the option, when one is invalid.
 * @example
 * ```ts
 * const posthog = createPostHog({ apiKey: process.env.POSTHOG_API_KEY ?? "", host: "https://eu.i.posthog.com" });
 * posthog.capture({ distinctId: "u1", event: "signed_up", properties: { plan: "pro" } });
 * await posthog.shutdown(5_000);
 * ```
 */
export function createPostHog(options: PostHogOptions): PostHog {
  const {
    name,
    mailboxCapacity,
    personalApiKey,
    featureFlagsPollingIntervalMs,
    featureFlagsRequestTimeoutMs,
    onlyEvaluateLocally,
    ...actorOptions
  } = options;
  const resolved = resolveActorOptions(actorOptions);
  if (!resolved.ok) throw resolved.error;
  let client: PostHogClient | undefined = actorOptions.client;
  if (client === undefined && actorOptions.transport === undefined) {
    const created = createCaptureClient(actorOptions, resolved.value, personalApiKey);
    if (!created.ok) throw created.error;
    client = created.value;
  }
  const disabled = resolved.value.disabled;
  let capture: (event: FlagCalledEvent) => void = () => {};
  const flags = FeatureFlags.create({
    apiKey: actorOptions.apiKey ?? client?.apiKey ?? "",
    host: client?.host ?? actorOptions.host,
    // Disabled: no polling and no `/flags` request; every flag has no value.
    personalApiKey: disabled ? undefined : personalApiKey,
    strictLocalEvaluation: disabled || onlyEvaluateLocally === true,
    featureFlagsPollingIntervalMs,
    featureFlagsRequestTimeoutMs,
    disableGeoip: resolved.value.disableGeoip,
    http: actorOptions.http,
    logger: actorOptions.logger,
    capture: (event) => capture(event),
  });
  if (!flags.ok) throw flags.error;
  const emitter = actorOptions.events ?? new EventEmitter<PostHogCaptureEvents>();
  const link: FacadeLink = { drops: 0, stats: undefined };
  const [ref, done] = spawn(
    PostHogActor,
    { ...actorOptions, client, events: emitter, link },
    {
      ...(name === undefined ? {} : { name }),
      ...(mailboxCapacity === undefined ? {} : { mailboxCapacity }),
    },
  );
  const posthog = new PostHog({
    ref,
    done,
    client,
    flags: flags.value,
    emitter,
    link,
    disableGeoip: resolved.value.disableGeoip,
    shutdownTimeoutMs: resolved.value.shutdownTimeoutMs,
  });
  capture = (event) => {
    posthog.capture(event);
  };
  return posthog;
}
