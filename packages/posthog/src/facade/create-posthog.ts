/**
 * `createPostHog(options)`: spawns a `PostHogActor` and returns the posthog-node-shaped
 * {@link PostHog} in front of it, with one `PostHogClient` shared by the actor and by any
 * other group of methods, and one event emitter shared with the actor so `on` sees
 * everything the actor emits. Invalid options are a configuration bug: they throw the
 * `"invalid-options"` `PostHogError` at once, as posthog-node throws on a missing key.
 */
import { spawn } from "@tsactor/core";
import { EventEmitter } from "eventemitter3";
import { PostHogActor } from "../capture/actor.ts";
import { createCaptureClient } from "../capture/capture-transport.ts";
import type { PostHogCaptureEvents } from "../capture/events.ts";
import { type PostHogActorOptions, resolveActorOptions } from "../capture/options.ts";
import type { FacadeLink } from "../capture/stats.ts";
import type { PostHogClient } from "../client/posthog-client.ts";
import { PostHog } from "./posthog.ts";

/**
 * Options of {@link createPostHog}: those of `PostHogActor`, plus how to spawn it.
 *
 * @example
 * ```ts
 * const options: PostHogOptions = { apiKey: "phc_…", flushAt: 50, name: "analytics" };
 * ```
 */
export interface PostHogOptions extends Omit<PostHogActorOptions, "link"> {
  /** The actor's name, for logs and `identity()`. @defaultValue `"PostHogActor"` */
  readonly name?: string | undefined;
  /** The actor's mailbox capacity (captures handed over and not yet taken). @defaultValue `100000` */
  readonly mailboxCapacity?: number | undefined;
}

/**
 * Spawns the capture actor and returns a posthog-node-shaped client in front of it.
 *
 * @param options - See {@link PostHogOptions}.
 * @returns The client; its `ref` is the actor.
 * @throws PostHogError of kind `"invalid-options"`, naming the option, when one is invalid.
 * @example
 * ```ts
 * const posthog = createPostHog({ apiKey: process.env.POSTHOG_API_KEY ?? "", host: "https://eu.i.posthog.com" });
 * posthog.capture({ distinctId: "u1", event: "signed_up", properties: { plan: "pro" } });
 * await posthog.shutdown(5_000);
 * ```
 */
export function createPostHog(options: PostHogOptions): PostHog {
  const { name, mailboxCapacity, ...actorOptions } = options;
  const resolved = resolveActorOptions(actorOptions);
  if (!resolved.ok) throw resolved.error;
  let client: PostHogClient | undefined = actorOptions.client;
  if (client === undefined && actorOptions.transport === undefined) {
    const created = createCaptureClient(actorOptions, resolved.value);
    if (!created.ok) throw created.error;
    client = created.value;
  }
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
  return new PostHog({
    ref,
    done,
    client,
    emitter,
    link,
    disableGeoip: resolved.value.disableGeoip,
    shutdownTimeoutMs: resolved.value.shutdownTimeoutMs,
  });
}
