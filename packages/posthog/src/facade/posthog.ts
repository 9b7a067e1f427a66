/**
 * `PostHog`: the posthog-node-shaped face of the capture actor and of feature flags.
 * `capture`, `captureAi`, `captureException`, `identify`, `alias` and `groupIdentify`
 * validate synchronously, fix the event's `uuid` and `timestamp`, and hand it to the actor
 * with `tryTell`, so they never block, never throw and never pile up promises; a full
 * mailbox is a drop that is counted (in the actor's `stats`), emitted (`"drop"`) and
 * returned as an error of kind `"dropped"`. The flag methods answer posthog-node's plain
 * values (`undefined`, or your default, when there is none) and emit the typed error as
 * `"error"`; `flags` gives the same calls as `Result`s. `shutdown` stops the flag poller
 * and resolves within its timeout to the actor's `ActorResult`.
 */
import type { ActorRef, ActorResult, JoinHandle } from "@tsactor/core";
import type { EventEmitter } from "eventemitter3";
import { Result } from "typescript-result";
import type { PostHogActor } from "../capture/actor.ts";
import type { PostHogCaptureEmitter } from "../capture/events.ts";
import type { FlushReport } from "../capture/flush-tracker.ts";
import {
  aliasToCapture,
  groupIdentifyToCapture,
  identifyToCapture,
  type PrepareSettings,
  prepareCapture,
} from "../capture/normalize.ts";
import { type CaptureStats, EMPTY_STATS, type FacadeLink } from "../capture/stats.ts";
import type {
  AliasInput,
  CaptureEvent,
  CaptureInput,
  GroupIdentifyInput,
  IdentifyInput,
} from "../capture/types.ts";
import type { PostHogClient } from "../client/posthog-client.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import { buildExceptionEvent } from "../exceptions/exception-event.ts";
import type { FeatureFlagsError } from "../flags/errors.ts";
import type { FeatureFlagEvaluations } from "../flags/evaluations.ts";
import {
  type EvaluateFlagsOptions,
  emptyFlagEvaluations,
  type FeatureFlagResult,
  type FeatureFlags,
  type FlagEvaluationOptions,
  type FlagsAndPayloads,
  type PayloadOptions,
} from "../flags/feature-flags.ts";
import type { FlagValue, JsonValue } from "../flags/types.ts";
import type { PostHogEventName, PostHogEvents } from "./events.ts";
import { isReportedFlagsError, valueOr } from "./flag-reads.ts";

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
  readonly flags: FeatureFlags;
  readonly emitter: PostHogCaptureEmitter;
  readonly link: FacadeLink;
  readonly disableGeoip: boolean;
  readonly shutdownTimeoutMs: number;
}

/** Options of {@link PostHog.getFeatureFlag}. */
export interface GetFeatureFlagOptions extends FlagEvaluationOptions {
  /** The answer when the flag has no value (missing, or the evaluation failed). @defaultValue `undefined` */
  readonly defaultValue?: FlagValue | undefined;
}

/** Options of {@link PostHog.isFeatureEnabled}. */
export interface IsFeatureEnabledOptions extends FlagEvaluationOptions {
  /** The answer when the flag has no value (missing, or the evaluation failed). @defaultValue `undefined` */
  readonly defaultValue?: boolean | undefined;
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
 * if (await posthog.isFeatureEnabled("new-checkout", "u1")) renderNewCheckout();
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
  /**
   * The feature flags behind the flag methods, whose calls answer `Result`s (the typed
   * error instead of `undefined`) and which emits the poller's events.
   */
  readonly flags: FeatureFlags;
  readonly #emitter: PostHogCaptureEmitter;
  readonly #link: FacadeLink;
  /** How `prepareCapture` checks this client's events: its `disableGeoip`, and a copy of the properties. */
  readonly #prepareSettings: PrepareSettings;
  readonly #shutdownTimeoutMs: number;
  readonly #reportFlagsError = (error: FeatureFlagsError): void => {
    try {
      this.flags.emit("error", error);
    } catch {
      // A listener's bug must not turn a flag read into a throw.
    }
  };
  #closing: Promise<ActorResult<PostHogActor>> | undefined;

  /**
   * @param parts - The spawned actor and what goes with it (see `createPostHog`).
   * @internal
   */
  constructor(parts: PostHogParts) {
    this.ref = parts.ref;
    this.done = parts.done;
    this.client = parts.client;
    this.flags = parts.flags;
    this.#emitter = parts.emitter;
    this.#link = parts.link;
    this.#prepareSettings = { disableGeoip: parts.disableGeoip, copyProperties: true };
    this.#shutdownTimeoutMs = parts.shutdownTimeoutMs;
  }

  /**
   * Captures an event.
   *
   * @param input - `{ distinctId, event, properties, groups, timestamp, uuid, disableGeoip,
   * options, flags }`; `flags` (a snapshot of {@link PostHog.evaluateFlags}) adds
   * `$feature/<key>` and `$active_feature_flags`.
   * @returns The event's uuid (the one that will be sent), or an error: `"invalid-event"`
   * naming the field, or `"dropped"` (the mailbox is full, or the client was shut down).
   * @example
   * ```ts
   * posthog.capture({ distinctId: "u1", event: "plan_changed", properties: { plan: "pro" } });
   * ```
   */
  capture(input: CaptureInput): Result<string, PostHogError> {
    return this.#hand(this.#prepare(input));
  }

  /**
   * Captures an LLM analytics event (`$ai_generation`, `$ai_span`, `$ai_embedding`…), sent
   * to PostHog's AI route `/i/v0/ai/batch/` by a queue of its own (`flush` covers it).
   *
   * @param input - As {@link PostHog.capture} takes it.
   * @returns The event's uuid (a given `uuid` is kept), or an error as {@link PostHog.capture}.
   * @example
   * ```ts
   * posthog.captureAi({ distinctId: "u1", event: "$ai_generation", properties: { $ai_model: "gpt-4o" } });
   * ```
   */
  captureAi(input: CaptureInput): Result<string, PostHogError> {
    return this.#hand(this.#prepare({ ...input, route: "ai" }));
  }

  /**
   * Captures a caught error as PostHog's `$exception` event (its stack frames, `cause`
   * chain and `AggregateError` members in `$exception_list`). Never throws, whatever was
   * thrown.
   *
   * @param error - Whatever was caught; a non-`Error` gets a stack that starts at the caller.
   * @param distinctId - Who hit it; without one the event creates no person profile.
   * @param properties - Extra properties (`$exception_fingerprint` sets a custom grouping).
   * @returns The event's uuid, or an error as {@link PostHog.capture}.
   * @example
   * ```ts
   * try { await pay(order); } catch (error) { posthog.captureException(error, "u1", { orderId: order.id }); }
   * ```
   */
  captureException(
    error: unknown,
    distinctId?: string,
    properties?: Readonly<Record<string, unknown>>,
  ): Result<string, PostHogError> {
    const event = buildExceptionEvent(error, distinctId, properties, {
      stackStart: this.captureException,
    });
    return this.capture(event);
  }

  /**
   * Identifies a person: `$identify` with `$set` (or plain properties) and `$set_once`.
   *
   * @param input - `{ distinctId, properties }`.
   * @returns The event's uuid, or an error as {@link PostHog.capture}.
   */
  identify(input: IdentifyInput): Result<string, PostHogError> {
    return this.#hand(identifyToCapture(input).map((capture) => this.#prepare(capture)));
  }

  /**
   * Links two distinct ids of the same person: `$create_alias`.
   *
   * @param input - `{ distinctId, alias }`.
   * @returns The event's uuid, or an error as {@link PostHog.capture}.
   */
  alias(input: AliasInput): Result<string, PostHogError> {
    return this.#hand(aliasToCapture(input).map((capture) => this.#prepare(capture)));
  }

  /**
   * Sets a group's properties: `$groupidentify`.
   *
   * @param input - `{ groupType, groupKey, properties, distinctId? }`.
   * @returns The event's uuid, or an error as {@link PostHog.capture}.
   */
  groupIdentify(input: GroupIdentifyInput): Result<string, PostHogError> {
    return this.#hand(groupIdentifyToCapture(input).map((capture) => this.#prepare(capture)));
  }

  /**
   * Evaluates the flags for one user once: a snapshot to branch on (`isEnabled`, `getFlag`,
   * `getFlagPayload`) and to hand to `capture({ flags })`. Local evaluation first, then at
   * most one `/flags` request. A failure gives an empty snapshot and an `"error"` event.
   *
   * @param distinctId - The user.
   * @param options - `personProperties`, `groups`, `groupProperties`, `flagKeys`,
   * `onlyEvaluateLocally`, `disableGeoip`.
   * @example
   * ```ts
   * const flags = await posthog.evaluateFlags("u1", { personProperties: { plan: "pro" } });
   * if (flags.isEnabled("new-checkout")) renderNewCheckout();
   * posthog.capture({ distinctId: "u1", event: "checkout", flags: flags.onlyAccessed() });
   * ```
   */
  async evaluateFlags(
    distinctId: string,
    options?: EvaluateFlagsOptions,
  ): Promise<FeatureFlagEvaluations> {
    const evaluated = await this.flags.evaluateFlags(distinctId, options);
    const snapshot = valueOr(evaluated, undefined, this.#reportFlagsError);
    if (snapshot === undefined) return emptyFlagEvaluations(distinctId);
    const partial = snapshot.error;
    if (partial !== undefined && isReportedFlagsError(partial)) this.#reportFlagsError(partial);
    return snapshot;
  }

  /**
   * A flag's value: `true`, `false` or the variant; sends `$feature_flag_called` (once per
   * user, flag and value) through the capture actor.
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - Groups, properties, `onlyEvaluateLocally`, `sendFeatureFlagEvents`,
   * `defaultValue`.
   * @returns The value, or `defaultValue` (else `undefined`) when there is none; a failure
   * is emitted as `"error"`.
   */
  async getFeatureFlag(
    key: string,
    distinctId: string,
    options: GetFeatureFlagOptions = {},
  ): Promise<FlagValue | undefined> {
    const value = await this.flags.getFeatureFlag(key, distinctId, options);
    return valueOr(value, options.defaultValue, this.#reportFlagsError);
  }

  /**
   * Whether a flag is on (a variant counts as on); sends `$feature_flag_called`.
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - As {@link PostHog.getFeatureFlag}, with a boolean `defaultValue`.
   * @returns Whether it is on, or `defaultValue` (else `undefined`) when it has no value.
   */
  async isFeatureEnabled(
    key: string,
    distinctId: string,
    options: IsFeatureEnabledOptions = {},
  ): Promise<boolean | undefined> {
    const enabled = await this.flags.isFeatureEnabled(key, distinctId, options);
    return valueOr(enabled, options.defaultValue, this.#reportFlagsError);
  }

  /**
   * A flag's payload for the user's value (silent: no `$feature_flag_called` unless asked).
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - As {@link PostHog.getFeatureFlag}, and `matchValue` for the payload of
   * a given value.
   * @returns The payload, or `undefined`.
   */
  async getFeatureFlagPayload(
    key: string,
    distinctId: string,
    options?: PayloadOptions,
  ): Promise<JsonValue | undefined> {
    const payload = await this.flags.getFeatureFlagPayload(key, distinctId, options);
    return valueOr(payload, undefined, this.#reportFlagsError);
  }

  /**
   * A flag's full result: key, enabled, variant, payload, reason; sends `$feature_flag_called`.
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - As {@link PostHog.getFeatureFlag}.
   * @returns The result, or `undefined` when the flag has no value.
   */
  async getFeatureFlagResult(
    key: string,
    distinctId: string,
    options?: FlagEvaluationOptions,
  ): Promise<FeatureFlagResult | undefined> {
    const result = await this.flags.getFeatureFlagResult(key, distinctId, options);
    return valueOr(result, undefined, this.#reportFlagsError);
  }

  /**
   * The values of all flags (or `flagKeys`) for one user; no `$feature_flag_called`.
   *
   * @param distinctId - The user.
   * @param options - As {@link PostHog.evaluateFlags}.
   * @returns Flag key → value; `{}` when the evaluation failed (emitted as `"error"`).
   */
  async getAllFlags(
    distinctId: string,
    options?: EvaluateFlagsOptions,
  ): Promise<Record<string, FlagValue>> {
    const all = await this.flags.getAllFlags(distinctId, options);
    return valueOr(all, {}, this.#reportFlagsError);
  }

  /**
   * The values and payloads of all flags (or `flagKeys`) for one user.
   *
   * @param distinctId - The user.
   * @param options - As {@link PostHog.evaluateFlags}.
   * @returns `{ featureFlags, featureFlagPayloads }`; both empty when the evaluation failed.
   */
  async getAllFlagsAndPayloads(
    distinctId: string,
    options?: EvaluateFlagsOptions,
  ): Promise<FlagsAndPayloads> {
    const all = await this.flags.getAllFlagsAndPayloads(distinctId, options);
    return valueOr(all, { featureFlags: {}, featureFlagPayloads: {} }, this.#reportFlagsError);
  }

  /**
   * Loads the flag definitions now (with a `personalApiKey`); resumes polling that a
   * 401/403 stopped. A failure is emitted as `"error"`.
   */
  async reloadFeatureFlags(): Promise<void> {
    const reloaded = await this.flags.reloadFeatureFlags();
    valueOr(reloaded, undefined, this.#reportFlagsError);
  }

  /**
   * Waits until local evaluation is ready (definitions with flags loaded).
   *
   * @param timeoutMs - How long to wait. @defaultValue `30_000`
   * @returns `true` once ready; `false` after the timeout, or without a `personalApiKey`.
   */
  waitForLocalEvaluationReady(timeoutMs?: number): Promise<boolean> {
    return this.flags.waitForLocalEvaluationReady(timeoutMs);
  }

  /**
   * Sends everything captured so far (the AI queue included) and waits until each event is
   * delivered or has finally failed (rejected, or parked after its attempts).
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
   * Stops the flag poller, delivers what it can within `timeoutMs`, then stops; resolves
   * within `timeoutMs` (plus a few milliseconds) whatever PostHog does, to the actor's
   * `ActorResult`, whose `actor.undelivered()` holds anything not delivered. `shutdown(0)`
   * sends nothing more and hands everything back. Calling it again returns the same promise.
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
   * Listens to an event: `"flush"`, `"retry"`, `"retry-exhausted"`, `"reject"`, `"drop"`,
   * and `"error"` (capture errors, and feature flags errors). The flag poller's own events
   * (`"definitions-loaded"`…) are on {@link PostHog.flags}.
   *
   * @param name - The event.
   * @param listener - Called with the event's payload.
   * @returns A function that removes the listener.
   * @example
   * ```ts
   * const off = posthog.on("reject", ({ reason, events }) => log.warn({ reason }, `${events.length} rejected`));
   * ```
   */
  on<K extends PostHogEventName>(
    name: K,
    listener: EventEmitter.EventListener<PostHogEvents, K>,
  ): () => void {
    const capture = this.#emitter as unknown as EventEmitter<PostHogEvents>;
    capture.on(name, listener);
    if (name === "error") this.flags.on("error", listener as (error: FeatureFlagsError) => void);
    return () => {
      capture.off(name, listener);
      if (name === "error") {
        this.flags.off("error", listener as (error: FeatureFlagsError) => void);
      }
    };
  }

  #prepare(input: CaptureInput): Result<CaptureEvent, PostHogError> {
    return prepareCapture(input, Date.now(), this.#prepareSettings);
  }

  /** Hands a checked event to the actor: it trusts the check (a `CheckedEvent`) and does not repeat it. */
  #hand(prepared: Result<CaptureEvent, PostHogError>): Result<string, PostHogError> {
    if (!prepared.ok) return prepared;
    const event = prepared.value;
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
    const flagsStopped = this.flags.shutdown();
    const result = await this.#closeActor(timeoutMs);
    await flagsStopped;
    return result;
  }

  async #closeActor(timeoutMs: number): Promise<ActorResult<PostHogActor>> {
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
