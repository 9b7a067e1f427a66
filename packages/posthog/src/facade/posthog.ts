/**
 * `PostHog`: the posthog-node-shaped face of the capture actor. `capture`, `identify`,
 * `alias` and `groupIdentify` validate synchronously, fix the event's `uuid` and
 * `timestamp`, and hand it to the actor with `tryTell`, so they never block, never throw
 * and never pile up promises; a full mailbox is a drop that is counted (in the actor's
 * `stats`), emitted (`"drop"`) and returned as an error of kind `"dropped"`. `shutdown`
 * resolves within its timeout to the actor's `ActorResult`. Further groups of methods (for
 * example feature flags) join this class and reach PostHog through {@link PostHog.client}.
 */
import type { ActorRef, ActorResult, JoinHandle } from "@tsactor/core";
import type { EventEmitter } from "eventemitter3";
import { Result } from "typescript-result";
import type { PostHogActor } from "../capture/actor.ts";
import type {
  PostHogCaptureEmitter,
  PostHogCaptureEventName,
  PostHogCaptureEvents,
} from "../capture/events.ts";
import type { FlushReport } from "../capture/flush-tracker.ts";
import {
  aliasToCapture,
  groupIdentifyToCapture,
  identifyToCapture,
  prepareCapture,
} from "../capture/normalize.ts";
import { markPrepared } from "../capture/prepared.ts";
import { type CaptureStats, EMPTY_STATS, type FacadeLink } from "../capture/stats.ts";
import type {
  AliasInput,
  CaptureEvent,
  CaptureInput,
  GroupIdentifyInput,
  IdentifyInput,
} from "../capture/types.ts";
import { sizeWireEvent, toWire } from "../capture/wire.ts";
import type { PostHogClient } from "../client/posthog-client.ts";
import { PostHogError } from "../errors/posthog-error.ts";

/** The report of a `flush` that found the actor stopped. */
const EMPTY_REPORT: FlushReport = {
  delivered: 0,
  rejected: 0,
  dropped: 0,
  parked: 0,
  undelivered: 0,
};

/** How long `shutdown` waits past its timeout before it kills the actor. */
const SHUTDOWN_GRACE_MS = 25;

/** What a {@link PostHog} is made of; `createPostHog` builds it. @internal */
export interface PostHogParts {
  readonly ref: ActorRef<PostHogActor>;
  readonly done: JoinHandle<PostHogActor>;
  readonly client: PostHogClient | undefined;
  readonly emitter: PostHogCaptureEmitter;
  readonly link: FacadeLink;
  readonly disableGeoip: boolean;
  readonly shutdownTimeoutMs: number;
}

/**
 * A PostHog client shaped like posthog-node, backed by a spawned `PostHogActor`. Make one
 * with `createPostHog`.
 *
 * @example
 * ```ts
 * const posthog = createPostHog({ apiKey: "phc_…" });
 * const sent = posthog.capture({ distinctId: "u1", event: "signed_up" });
 * if (!sent.ok) console.warn(sent.error.message);
 * const result = await posthog.shutdown(5_000);
 * ```
 */
export class PostHog {
  /** The actor behind this client, for supervision or direct messages. */
  readonly ref: ActorRef<PostHogActor>;
  /** Resolves to the actor's `ActorResult` when it ends. */
  readonly done: JoinHandle<PostHogActor>;
  /** The HTTP client shared with the actor (`undefined` only with a custom transport). */
  readonly client: PostHogClient | undefined;
  readonly #emitter: PostHogCaptureEmitter;
  readonly #link: FacadeLink;
  readonly #disableGeoip: boolean;
  readonly #shutdownTimeoutMs: number;
  #closing: Promise<ActorResult<PostHogActor>> | undefined;

  /**
   * @param parts - The spawned actor and what goes with it (see `createPostHog`).
   * @internal
   */
  constructor(parts: PostHogParts) {
    this.ref = parts.ref;
    this.done = parts.done;
    this.client = parts.client;
    this.#emitter = parts.emitter;
    this.#link = parts.link;
    this.#disableGeoip = parts.disableGeoip;
    this.#shutdownTimeoutMs = parts.shutdownTimeoutMs;
  }

  /**
   * Captures an event.
   *
   * @param input - `{ distinctId, event, properties, groups, timestamp, uuid, disableGeoip }`.
   * @returns The event's uuid (the one that will be sent), or an error: `"invalid-event"`
   * naming the field, or `"dropped"` (the mailbox is full, or the client was shut down).
   * @example
   * ```ts
   * posthog.capture({ distinctId: "u1", event: "plan_changed", properties: { plan: "pro" } });
   * ```
   */
  capture(input: CaptureInput): Result<string, PostHogError> {
    return this.#hand(prepareCapture(input));
  }

  /**
   * Identifies a person: `$identify` with `$set` (or plain properties) and `$set_once`.
   *
   * @param input - `{ distinctId, properties }`.
   * @returns The event's uuid, or an error as {@link PostHog.capture}.
   */
  identify(input: IdentifyInput): Result<string, PostHogError> {
    return this.#hand(identifyToCapture(input).map((capture) => prepareCapture(capture)));
  }

  /**
   * Links two distinct ids of the same person: `$create_alias`.
   *
   * @param input - `{ distinctId, alias }`.
   * @returns The event's uuid, or an error as {@link PostHog.capture}.
   */
  alias(input: AliasInput): Result<string, PostHogError> {
    return this.#hand(aliasToCapture(input).map((capture) => prepareCapture(capture)));
  }

  /**
   * Sets a group's properties: `$groupidentify`.
   *
   * @param input - `{ groupType, groupKey, properties, distinctId? }`.
   * @returns The event's uuid, or an error as {@link PostHog.capture}.
   */
  groupIdentify(input: GroupIdentifyInput): Result<string, PostHogError> {
    return this.#hand(groupIdentifyToCapture(input).map((capture) => prepareCapture(capture)));
  }

  /**
   * Sends everything captured so far and waits until each event is delivered or has
   * finally failed (rejected, or parked after its attempts).
   *
   * @returns What became of those events; after `shutdown`, an empty report at once.
   * @example
   * ```ts
   * const { delivered, rejected, parked } = await posthog.flush();
   * ```
   */
  async flush(): Promise<FlushReport> {
    const report = await this.ref.ask("flush");
    return report.ok ? report.value : { ...EMPTY_REPORT };
  }

  /**
   * The actor's counts, read without a message (as `ref.metrics()` reads an actor's numbers):
   * what is held now, and totals since start, the drops of a full mailbox included.
   *
   * @example
   * ```ts
   * const { queued, parked, delivered, dropped } = posthog.stats();
   * ```
   */
  stats(): CaptureStats {
    const read = this.#link.stats;
    return read === undefined ? { ...EMPTY_STATS, dropped: this.#link.drops } : read();
  }

  /**
   * Delivers what it can within `timeoutMs`, then stops; resolves within `timeoutMs` (plus a
   * few milliseconds) whatever PostHog does, to the actor's `ActorResult`, whose
   * `actor.undelivered()` holds anything not delivered. `shutdown(0)` sends nothing more and
   * hands everything back. Calling it again returns the same promise.
   *
   * @param timeoutMs - How long delivery may take. @defaultValue the `shutdownTimeoutMs` option
   * @example
   * ```ts
   * const result = await posthog.shutdown(2_000);
   * const left = result.actor?.undelivered() ?? [];
   * ```
   */
  shutdown(timeoutMs?: number): Promise<ActorResult<PostHogActor>> {
    this.#closing ??= this.#close(timeoutMs ?? this.#shutdownTimeoutMs);
    return this.#closing;
  }

  /**
   * Listens to an event of the capture path: `"flush"`, `"retry"`, `"retry-exhausted"`,
   * `"reject"`, `"drop"`, `"error"`.
   *
   * @param name - The event.
   * @param listener - Called with the event's payload.
   * @returns A function that removes the listener.
   * @example
   * ```ts
   * const off = posthog.on("reject", ({ reason, events }) => log.warn({ reason }, `${events.length} rejected`));
   * ```
   */
  on<K extends PostHogCaptureEventName>(
    name: K,
    listener: EventEmitter.EventListener<PostHogCaptureEvents, K>,
  ): () => void {
    this.#emitter.on(name, listener);
    return () => {
      this.#emitter.off(name, listener);
    };
  }

  #hand(prepared: Result<CaptureEvent, PostHogError>): Result<string, PostHogError> {
    if (!prepared.ok) return prepared;
    const event = prepared.value;
    const sized = sizeWireEvent(toWire(event, this.#disableGeoip));
    if (!sized.ok) return sized;
    markPrepared(event, sized.value);
    const told = this.ref.tryTell("capture", event);
    if (told.ok) return Result.ok(event.uuid);
    const reason = told.error.kind === "mailbox-full" ? "mailbox-full" : "stopped";
    if (reason === "mailbox-full") this.#link.drops += 1;
    try {
      this.#emitter.emit("drop", { reason, events: [event] });
    } catch {
      // A listener's bug must not turn capture into a throw.
    }
    return Result.error(
      new PostHogError(
        "dropped",
        { reason },
        {
          message:
            reason === "mailbox-full"
              ? "Event dropped: the capture actor's mailbox is full"
              : "Event dropped: the capture actor has stopped",
          cause: told.error,
        },
      ),
    );
  }

  async #close(timeoutMs: number): Promise<ActorResult<PostHogActor>> {
    const ms = Number.isNaN(timeoutMs) ? 0 : Math.max(0, timeoutMs);
    if (ms === 0) {
      this.ref.kill();
      return this.done;
    }
    void this.ref.tell("shutdown", ms, { priority: true });
    let guard: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.done.then(() => false),
      new Promise<boolean>((resolve) => {
        guard = setTimeout(() => resolve(true), ms + SHUTDOWN_GRACE_MS);
      }),
    ]);
    clearTimeout(guard);
    if (timedOut) this.ref.kill();
    return this.done;
  }
}
