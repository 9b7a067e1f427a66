/**
 * `PostHogActor`: the capture backend as an actor of `@tsactor/core`. Its public methods
 * are its messages (`capture`, `identify`, `alias`, `groupIdentify`, `flush`, `stats`,
 * `shutdown`, `undelivered`); `onStart` checks the options and builds the pipeline, `onRun`
 * owns the flush timer, `onStop` drains within the deadline and hands back whatever it could
 * not deliver, the captures a kill left in the mailbox included. Handlers never wait on the
 * network: `flush` answers with `deferred(…)`, so captures keep flowing while it waits.
 */
import {
  Actor,
  type ActorRef,
  type ActorWeak,
  type Deferred,
  deferred,
  type Unprocessed,
} from "@tsactor/core";
import { EventEmitter } from "eventemitter3";
import { Result } from "typescript-result";
import { silentLogger } from "../client/logger.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import { createCaptureTransport } from "./capture-transport.ts";
import type { PostHogCaptureEmitter, PostHogCaptureEvents } from "./events.ts";
import { FlushTimer } from "./flush-timer.ts";
import type { FlushReport } from "./flush-tracker.ts";
import {
  aliasToCapture,
  groupIdentifyToCapture,
  identifyToCapture,
  prepareCapture,
} from "./normalize.ts";
import type { PostHogActorOptions, ResolvedActorOptions } from "./options.ts";
import { resolveActorOptions } from "./options.ts";
import { DeliveryPipeline } from "./pipeline.ts";
import { takePrepared } from "./prepared.ts";
import type { CaptureStats, FacadeLink } from "./stats.ts";
import type {
  AliasInput,
  CaptureEvent,
  CaptureInput,
  GroupIdentifyInput,
  IdentifyInput,
} from "./types.ts";

type CaptureMessage = "capture" | "identify" | "alias" | "groupIdentify";

/**
 * The capture backend: batches events and delivers them to PostHog, never losing one
 * silently. Spawn it with `spawn(PostHogActor, options)` (see {@link PostHogActorOptions}).
 *
 * @example
 * ```ts
 * const [posthog, done] = spawn(PostHogActor, { apiKey: "phc_…" });
 * posthog.tell("capture", { distinctId: "u1", event: "signed_up" });
 * const report = await posthog.ask("flush");
 * await posthog.ask("shutdown", 5_000, { priority: true });
 * const result = await done; // result.actor?.undelivered() holds what could not be sent
 * ```
 */
export class PostHogActor extends Actor<PostHogActorOptions> {
  /** A deep mailbox (capture is fire-and-forget) and a priority lane for `shutdown`. */
  static spawnOptions = { mailboxCapacity: 100_000, priority: true };

  #options: ResolvedActorOptions | undefined;
  #pipeline: DeliveryPipeline | undefined;
  #emitter: PostHogCaptureEmitter = new EventEmitter<PostHogCaptureEvents>();
  #beforeSend: PostHogActorOptions["beforeSend"];
  #link: FacadeLink | undefined;
  #timer = new FlushTimer();
  #deadline: number | undefined;
  #killTimer: NodeJS.Timeout | undefined;
  #stopping = false;
  #filtered = 0;
  #invalid = 0;
  #fromMailbox: CaptureEvent[] = [];

  /**
   * Checks the options and builds the pipeline; a bad option fails the start.
   *
   * @param options - The spawn arguments.
   */
  async onStart(options: PostHogActorOptions): Promise<void> {
    const resolved = resolveActorOptions(options);
    if (!resolved.ok) throw resolved.error;
    const transport = createCaptureTransport(options, resolved.value);
    if (!transport.ok) throw transport.error;
    const settings = resolved.value;
    this.#options = settings;
    this.#emitter = options.events ?? this.#emitter;
    this.#beforeSend = options.beforeSend;
    this.#link = options.link;
    this.#pipeline = new DeliveryPipeline({
      transport: transport.value,
      emitter: this.#emitter,
      flushAt: settings.flushAt,
      limits: { maxEvents: settings.maxBatchSize, maxBytes: settings.maxBatchBytes },
      maxQueueBytes: settings.maxQueueBytes,
      maxInFlight: settings.maxInFlight,
      retryProbeMs: settings.retryProbeMs,
      parkedRetryMs: settings.parkedRetryMs,
      disableGeoip: settings.disableGeoip,
      logger: options.logger ?? silentLogger,
      onWorkChange: (hasWork) => this.#timer.keepAlive(hasWork),
      onParked: () => this.#timer.cancel(),
    });
    if (this.#link !== undefined) this.#link.stats = () => this.stats();
  }

  /**
   * The flush timer: every `flushIntervalMs` sends what is queued, and each parked batch
   * once it has waited `parkedRetryMs` (a batch being parked wakes the timer to plan it). When the signal aborts (a stop), it arms a self-kill at the drain
   * deadline, so the deadline holds however deep the mailbox is.
   *
   * @param self - A weak ref to this actor.
   * @param signal - Aborts when the actor is asked to stop.
   */
  async onRun(self: ActorWeak<PostHogActor>, signal: AbortSignal): Promise<void> {
    const { pipeline, options } = this.#ready();
    let nextFlush = Date.now() + options.flushIntervalMs;
    while (!signal.aborted) {
      const parkedDue = pipeline.parkedDueIn() ?? Number.POSITIVE_INFINITY;
      await this.#timer.sleep(Math.min(nextFlush - Date.now(), parkedDue), signal);
      if (signal.aborted) break;
      if (Date.now() >= nextFlush) {
        pipeline.tick();
        nextFlush = Date.now() + options.flushIntervalMs;
      } else {
        pipeline.resendDueParked();
      }
    }
    if (this.#stopping) return;
    this.#deadline ??= Date.now() + options.shutdownTimeoutMs;
    this.#killTimer = setTimeout(
      () => self.upgrade()?.kill(),
      Math.max(0, this.#deadline - Date.now()),
    );
  }

  /**
   * Drains (a stop) or hands everything back (a kill), within the deadline; then answers
   * the `flush` calls still waiting.
   *
   * @param _self - A weak ref to this actor.
   * @param killed - Whether the actor was killed.
   * @param unprocessed - Messages accepted but never handled (after a kill): their captures join `undelivered()`.
   */
  async onStop(
    _self: ActorWeak<PostHogActor>,
    killed: boolean,
    unprocessed: Unprocessed,
  ): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#killTimer);
    this.#timer.cancel();
    const { pipeline, options } = this.#ready();
    this.#fromMailbox = this.#takeUnprocessed(unprocessed);
    if (killed || options.disabled) {
      await pipeline.abort();
    } else {
      await pipeline.drain(this.#deadline ?? Date.now() + options.shutdownTimeoutMs);
    }
    pipeline.closeFlushes();
  }

  /**
   * Captures an event.
   *
   * @param input - The event, as posthog-node's `capture` takes it.
   * @returns The event's uuid, or an `"invalid-event"` error naming the field.
   */
  capture(input: CaptureInput): Result<string, PostHogError> {
    const sized = this.#beforeSend === undefined ? takePrepared(input) : undefined;
    if (sized !== undefined) {
      const { pipeline, options } = this.#ready();
      const event = input as CaptureEvent;
      if (options.disabled) return Result.ok(event.uuid);
      return pipeline.accept(event, sized);
    }
    return this.#accept(prepareCapture(input));
  }

  /**
   * Identifies a person: `$identify` with `$set`/`$set_once`.
   *
   * @param input - As posthog-node's `identify` takes it.
   */
  identify(input: IdentifyInput): Result<string, PostHogError> {
    return this.#accept(identifyToCapture(input).map((capture) => prepareCapture(capture)));
  }

  /**
   * Links two distinct ids: `$create_alias`.
   *
   * @param input - As posthog-node's `alias` takes it.
   */
  alias(input: AliasInput): Result<string, PostHogError> {
    return this.#accept(aliasToCapture(input).map((capture) => prepareCapture(capture)));
  }

  /**
   * Sets a group's properties: `$groupidentify`.
   *
   * @param input - As posthog-node's `groupIdentify` takes it.
   */
  groupIdentify(input: GroupIdentifyInput): Result<string, PostHogError> {
    return this.#accept(groupIdentifyToCapture(input).map((capture) => prepareCapture(capture)));
  }

  /**
   * Sends everything captured so far, parked batches included, without blocking the
   * mailbox; answers once each event has an outcome (or the actor has stopped).
   */
  flush(): Deferred<FlushReport> {
    return deferred(this.#ready().pipeline.flush());
  }

  /** Counts since start, and what is held now. */
  stats(): CaptureStats {
    const stats = this.#ready().pipeline.stats();
    return {
      ...stats,
      dropped: stats.dropped + (this.#link?.drops ?? 0),
      filtered: this.#filtered,
      invalid: this.#invalid,
    };
  }

  /**
   * Sets the drain deadline and stops the actor: send it on the priority channel so that it
   * never waits behind queued captures. `0` (or less) kills at once and hands everything back.
   *
   * @param timeoutMs - How long the drain may take. @defaultValue `shutdownTimeoutMs`
   * @param self - This actor's ref (the runtime passes it).
   */
  shutdown(timeoutMs?: number, self?: ActorRef<PostHogActor>): void {
    const fallback = this.#ready().options.shutdownTimeoutMs;
    const ms = typeof timeoutMs === "number" && !Number.isNaN(timeoutMs) ? timeoutMs : fallback;
    this.#deadline = Date.now() + Math.max(0, ms);
    if (ms <= 0) self?.kill();
    else void self?.stop();
  }

  /**
   * The events not delivered, oldest first, in the shape `capture` accepts with their
   * `uuid` and `timestamp` fixed: hand them to a new actor to send them without duplicates.
   * After a kill this includes the captures still in the mailbox.
   */
  undelivered(): CaptureEvent[] {
    const held = this.#pipeline?.undelivered() ?? [];
    return [...held, ...this.#fromMailbox];
  }

  #ready(): { pipeline: DeliveryPipeline; options: ResolvedActorOptions } {
    if (this.#pipeline === undefined || this.#options === undefined) {
      throw new Error("PostHogActor used before onStart");
    }
    return { pipeline: this.#pipeline, options: this.#options };
  }

  #accept(prepared: Result<CaptureEvent, PostHogError>): Result<string, PostHogError> {
    const { pipeline, options } = this.#ready();
    const event = prepared.ok ? this.#filter(prepared.value) : prepared;
    if (!event.ok) return this.#refuse(event.error);
    if (event.value === null) {
      this.#filtered += 1;
      return Result.ok(prepared.value?.uuid ?? "");
    }
    if (options.disabled) return Result.ok(event.value.uuid);
    const accepted = pipeline.accept(event.value);
    return accepted.ok ? accepted : this.#refuse(accepted.error);
  }

  #refuse(error: PostHogError): Result.Error<PostHogError> {
    this.#invalid += 1;
    this.#emitter.emit("error", error);
    return Result.error(error);
  }

  /** Runs `beforeSend`, and checks its answer again. */
  #filter(event: CaptureEvent): Result<CaptureEvent | null, PostHogError> {
    const beforeSend = this.#beforeSend;
    if (beforeSend === undefined) return Result.ok(event);
    let changed: CaptureEvent | null;
    try {
      changed = beforeSend(event);
    } catch (cause) {
      return Result.error(
        new PostHogError(
          "invalid-event",
          { field: "beforeSend" },
          { message: "Invalid event: `beforeSend` threw; the event was not queued", cause },
        ),
      );
    }
    if (changed === null) return Result.ok(null);
    return prepareCapture(changed);
  }

  /**
   * Normalises the captures a kill left in the mailbox (fixing their uuid and timestamp),
   * so that they can be handed back; `beforeSend` is left to the actor that sends them.
   */
  #takeUnprocessed(unprocessed: Unprocessed): CaptureEvent[] {
    const events: CaptureEvent[] = [];
    for (const { name, payload } of unprocessed) {
      const prepared = prepareUnprocessed(name, payload);
      if (prepared === undefined) continue;
      if (prepared.ok) events.push(prepared.value);
      else this.#refuse(prepared.error);
    }
    return events;
  }
}

function prepareUnprocessed(
  name: string,
  payload: unknown,
): Result<CaptureEvent, PostHogError> | undefined {
  switch (name as CaptureMessage) {
    case "capture":
      return prepareCapture(payload as CaptureInput);
    case "identify":
      return identifyToCapture(payload as IdentifyInput).map((c) => prepareCapture(c));
    case "alias":
      return aliasToCapture(payload as AliasInput).map((c) => prepareCapture(c));
    case "groupIdentify":
      return groupIdentifyToCapture(payload as GroupIdentifyInput).map((c) => prepareCapture(c));
    default:
      return undefined;
  }
}

/** The report a `flush` answers with, and the counts of `stats`. */
export type { CaptureStats, FlushReport };
