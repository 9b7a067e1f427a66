/**
 * `PostHogActor`: the capture backend as an actor of `@tsactor/core`. Its public methods
 * are its messages (`capture`, `captureAi`, `identify`, `alias`, `groupIdentify`, `flush`,
 * `stats`, `shutdown`, `undelivered`); `onStart` checks the options and builds the
 * pipeline, `onRun` owns the flush timer, `onStop` drains within the deadline and hands back
 * whatever it could not deliver, the captures a kill left in the mailbox included. AI
 * events have a pipeline of their own (made at the first one, same settings) on
 * `/i/v0/ai/batch/`; `flush`, `stats`, the drain and `undelivered()` cover both. Handlers
 * never wait on the network: `flush` answers with `deferred(…)`, so captures keep flowing
 * while it waits.
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
import type { PostHogClient } from "../client/posthog-client.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import {
  aiCaptureTransport,
  captureTransport,
  createCaptureClient,
  resolveCaptureClient,
} from "./capture-transport.ts";
import { isCheckedEvent } from "./checked-event.ts";
import type { PostHogCaptureEmitter, PostHogCaptureEvents } from "./events.ts";
import { FlushTimer } from "./flush-timer.ts";
import type { FlushReport } from "./flush-tracker.ts";
import {
  aliasToCapture,
  groupIdentifyToCapture,
  identifyToCapture,
  type PrepareSettings,
  prepareCapture,
} from "./normalize.ts";
import type { PostHogActorOptions, ResolvedActorOptions } from "./options.ts";
import { resolveActorOptions } from "./options.ts";
import { DeliveryPipeline, type PipelineStats } from "./pipeline.ts";
import type { CaptureStats, FacadeLink } from "./stats.ts";
import type { Transport } from "./transport.ts";
import type {
  AliasInput,
  CaptureEvent,
  CaptureInput,
  GroupIdentifyInput,
  IdentifyInput,
} from "./types.ts";

type CaptureMessage = "capture" | "captureAi" | "identify" | "alias" | "groupIdentify";

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
  #spawnOptions: PostHogActorOptions | undefined;
  #client: PostHogClient | undefined;
  #pipeline: DeliveryPipeline | undefined;
  #aiPipeline: DeliveryPipeline | undefined;
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
  /** How `prepareCapture` checks the events that come with a plain `tell`. */
  #prepareSettings: PrepareSettings = {};

  /**
   * Checks the options and builds the pipeline; a bad option fails the start.
   *
   * @param options - The spawn arguments.
   */
  async onStart(options: PostHogActorOptions): Promise<void> {
    const resolved = resolveActorOptions(options);
    if (!resolved.ok) throw resolved.error;
    const settings = resolved.value;
    const client = resolveCaptureClient(options, settings);
    if (!client.ok) throw client.error;
    this.#options = settings;
    this.#prepareSettings = { disableGeoip: settings.disableGeoip };
    this.#spawnOptions = options;
    this.#client = client.value;
    this.#emitter = options.events ?? this.#emitter;
    this.#beforeSend = options.beforeSend;
    this.#link = options.link;
    const transport =
      options.transport ?? captureTransport(client.value as PostHogClient, settings);
    this.#pipeline = this.#makePipeline(transport);
    if (this.#link !== undefined) this.#link.stats = () => this.stats();
    for (const event of options.handover ?? []) this.capture(event);
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
    const { options } = this.#ready();
    let nextFlush = Date.now() + options.flushIntervalMs;
    while (!signal.aborted) {
      let parkedDue = Number.POSITIVE_INFINITY;
      for (const pipeline of this.#pipelines()) {
        parkedDue = Math.min(parkedDue, pipeline.parkedDueIn() ?? Number.POSITIVE_INFINITY);
      }
      await this.#timer.sleep(Math.min(nextFlush - Date.now(), parkedDue), signal);
      if (signal.aborted) break;
      const due = Date.now() >= nextFlush;
      for (const pipeline of this.#pipelines()) {
        if (due) pipeline.tick();
        else pipeline.resendDueParked();
      }
      if (due) nextFlush = Date.now() + options.flushIntervalMs;
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
   * @param unprocessed - Messages accepted but never handled: after a kill their captures join `undelivered()`.
   */
  async onStop(
    _self: ActorWeak<PostHogActor>,
    killed: boolean,
    unprocessed: Unprocessed,
  ): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#killTimer);
    this.#timer.cancel();
    const { options } = this.#ready();
    // After a kill the captures left in the mailbox are handed back here. After a crash they
    // stay in the result's `unprocessed` only, where `supervise` re-delivers them: listing them
    // here too would send them twice through a `nextArgs` hand-over.
    this.#fromMailbox = killed ? this.#takeUnprocessed(unprocessed) : [];
    const pipelines = this.#pipelines();
    if (killed || options.disabled) {
      await Promise.all(pipelines.map((pipeline) => pipeline.abort()));
    } else {
      const deadline = this.#deadline ?? Date.now() + options.shutdownTimeoutMs;
      await Promise.all(pipelines.map((pipeline) => pipeline.drain(deadline)));
    }
    for (const pipeline of pipelines) pipeline.closeFlushes();
  }

  /**
   * Captures an event.
   *
   * @param input - The event, as posthog-node's `capture` takes it.
   * @returns The event's uuid, or an `"invalid-event"` error naming the field.
   */
  capture(input: CaptureInput): Result<string, PostHogError> {
    if (isCheckedEvent(input)) {
      // Checked by `prepareCapture` already (the facade's path): not walked again.
      return this.#beforeSend === undefined ? this.#enqueue(input) : this.#accept(Result.ok(input));
    }
    return this.#accept(this.#prepare(input));
  }

  /**
   * Captures an LLM analytics event (`$ai_generation`, `$ai_span`…): sent to
   * `/i/v0/ai/batch/` by a queue of its own, whatever the capture mode.
   *
   * @param input - The event, as `capture` takes it.
   * @returns The event's uuid, or an `"invalid-event"` error naming the field.
   */
  captureAi(input: CaptureInput): Result<string, PostHogError> {
    return this.capture({ ...input, route: "ai" });
  }

  /**
   * Identifies a person: `$identify` with `$set`/`$set_once`.
   *
   * @param input - As posthog-node's `identify` takes it.
   */
  identify(input: IdentifyInput): Result<string, PostHogError> {
    return this.#accept(identifyToCapture(input).map((capture) => this.#prepare(capture)));
  }

  /**
   * Links two distinct ids: `$create_alias`.
   *
   * @param input - As posthog-node's `alias` takes it.
   */
  alias(input: AliasInput): Result<string, PostHogError> {
    return this.#accept(aliasToCapture(input).map((capture) => this.#prepare(capture)));
  }

  /**
   * Sets a group's properties: `$groupidentify`.
   *
   * @param input - As posthog-node's `groupIdentify` takes it.
   */
  groupIdentify(input: GroupIdentifyInput): Result<string, PostHogError> {
    return this.#accept(groupIdentifyToCapture(input).map((capture) => this.#prepare(capture)));
  }

  /**
   * Sends everything captured so far, parked batches included, without blocking the
   * mailbox; answers once each event has an outcome (or the actor has stopped).
   */
  flush(): Deferred<FlushReport> {
    const flushes = this.#pipelines().map((pipeline) => pipeline.flush());
    return deferred(Promise.all(flushes).then(sumReports));
  }

  /** Counts since start, and what is held now (the AI queue included). */
  stats(): CaptureStats {
    const stats = sumStats(this.#pipelines().map((pipeline) => pipeline.stats()));
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
    const ai = this.#aiPipeline?.undelivered() ?? [];
    return [...held, ...ai, ...this.#fromMailbox];
  }

  #ready(): { pipeline: DeliveryPipeline; options: ResolvedActorOptions } {
    if (this.#options === undefined) throw new Error("PostHogActor used before onStart");
    // While onStart builds the main pipeline, `#makePipeline` reads the options only.
    return { pipeline: this.#pipeline as DeliveryPipeline, options: this.#options };
  }

  /** Checks an event as the facade does (`prepareCapture`, with the actor's `disableGeoip`). */
  #prepare(input: CaptureInput): Result<CaptureEvent, PostHogError> {
    return prepareCapture(input, Date.now(), this.#prepareSettings);
  }

  #accept(prepared: Result<CaptureEvent, PostHogError>): Result<string, PostHogError> {
    const event = prepared.ok ? this.#filter(prepared.value) : prepared;
    if (!event.ok) return this.#refuse(event.error);
    if (event.value === null) {
      this.#filtered += 1;
      return Result.ok(prepared.value?.uuid ?? "");
    }
    return this.#enqueue(event.value);
  }

  /** Queues a checked event on the pipeline of its route (nothing when disabled). */
  #enqueue(event: CaptureEvent): Result<string, PostHogError> {
    // The fields directly (no `#ready()` object): this runs once per captured event.
    const options = this.#options ?? this.#ready().options;
    if (options.disabled) return Result.ok(event.uuid);
    let pipeline = this.#pipeline ?? this.#ready().pipeline;
    if (event.route !== undefined) {
      const routed = this.#pipelineFor(event);
      if (!routed.ok) return this.#refuse(routed.error);
      pipeline = routed.value;
    }
    const accepted = pipeline.accept(event);
    return accepted.ok ? accepted : this.#refuse(accepted.error);
  }

  /** The pipelines made so far: the main one, and the AI one once an AI event came. */
  #pipelines(): DeliveryPipeline[] {
    const { pipeline } = this.#ready();
    return this.#aiPipeline === undefined ? [pipeline] : [pipeline, this.#aiPipeline];
  }

  /** The pipeline of an event's route; the AI one is made at the first AI event. */
  #pipelineFor(event: CaptureEvent): Result<DeliveryPipeline, PostHogError> {
    const { pipeline, options } = this.#ready();
    if (event.route !== "ai") return Result.ok(pipeline);
    if (this.#aiPipeline !== undefined) return Result.ok(this.#aiPipeline);
    let client = this.#client;
    if (client === undefined) {
      // Only a custom `transport` was given: the AI route needs a client of its own.
      const created = createCaptureClient(this.#spawnOptions ?? {}, options);
      if (!created.ok) return created;
      client = created.value;
      this.#client = client;
    }
    this.#aiPipeline = this.#makePipeline(aiCaptureTransport(client, options));
    return Result.ok(this.#aiPipeline);
  }

  #makePipeline(transport: Transport): DeliveryPipeline {
    const { options: settings } = this.#ready();
    return new DeliveryPipeline({
      transport,
      emitter: this.#emitter,
      flushAt: settings.flushAt,
      limits: { maxEvents: settings.maxBatchSize, maxBytes: settings.maxBatchBytes },
      maxQueueBytes: settings.maxQueueBytes,
      maxInFlight: settings.maxInFlight,
      retryProbeMs: settings.retryProbeMs,
      parkedRetryMs: settings.parkedRetryMs,
      disableGeoip: settings.disableGeoip,
      logger: this.#spawnOptions?.logger ?? silentLogger,
      onWorkChange: () => this.#timer.keepAlive(this.#hasWork()),
      onParked: () => this.#timer.cancel(),
    });
  }

  #hasWork(): boolean {
    return (this.#pipeline?.hasWork ?? false) || (this.#aiPipeline?.hasWork ?? false);
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
    return this.#prepare(changed);
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
      return isCheckedEvent(payload) ? Result.ok(payload) : prepareCapture(payload as CaptureInput);
    case "captureAi":
      return prepareCapture({ ...(payload as CaptureInput), route: "ai" });
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

/** Adds up the reports of the pipelines' flushes. */
function sumReports(reports: readonly FlushReport[]): FlushReport {
  const sum: FlushReport = { delivered: 0, rejected: 0, dropped: 0, parked: 0, undelivered: 0 };
  for (const report of reports) {
    sum.delivered += report.delivered;
    sum.rejected += report.rejected;
    sum.dropped += report.dropped;
    sum.parked += report.parked;
    sum.undelivered += report.undelivered;
  }
  return sum;
}

/** Adds up the pipelines' counts. */
function sumStats(all: readonly PipelineStats[]): PipelineStats {
  const sum = {
    queued: 0,
    inFlight: 0,
    parked: 0,
    delivered: 0,
    rejected: 0,
    dropped: 0,
    retries: 0,
    bytes: 0,
  };
  for (const stats of all) {
    for (const key of Object.keys(sum) as (keyof PipelineStats)[]) sum[key] += stats[key];
  }
  return sum;
}

/** The report a `flush` answers with, and the counts of `stats`. */
export type { CaptureStats, FlushReport };
