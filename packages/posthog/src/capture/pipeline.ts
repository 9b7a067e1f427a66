/**
 * The delivery pipeline behind `PostHogActor`: accepted events wait in a byte-bounded queue
 * (the oldest dropped, counted and emitted, when it overflows), are cut into batches by
 * count and bytes, and go out through a `p-queue` that bounds the requests in flight. Each
 * answer goes through the planner: delivered, split (413, or 400 on many), rejected, parked
 * (attempts used up: sent again as soon as a later request succeeds, by the idle timer once
 * it has waited `parkedRetryMs`, by `flush`, or while draining) or handed back (aborted at
 * the drain deadline). It owns no timer except while `drain` waits: the actor's `onRun`
 * drives {@link DeliveryPipeline.tick}. Nothing here throws or rejects; every event ends in
 * one visible state.
 */
import type { EventEmitter } from "eventemitter3";
import PQueue from "p-queue";
import { Result } from "typescript-result";
import { type PostHogLogger, silentLogger } from "../client/logger.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import { type BatchLimits, cutBatch } from "./batcher.ts";
import { EventQueue } from "./event-queue.ts";
import type { PostHogCaptureEmitter, PostHogCaptureEvents } from "./events.ts";
import { type EventOutcome, type FlushReport, FlushTracker } from "./flush-tracker.ts";
import { type Batch, makeBatch, type PendingEvent } from "./pending.ts";
import { type DeliveryPlan, planDelivery } from "./planner.ts";
import type { PartialOutcome, RetryInfo, Transport } from "./transport.ts";
import type { CaptureEvent } from "./types.ts";
import { MAX_EVENT_BYTES, sizeWireEvent, toWire } from "./wire.ts";
import { wireSize } from "./wire-size.ts";

/** How long to wait for aborted requests to come back before giving up on them. */
const ABORT_GRACE_MS = 100;

/** Settings of a {@link DeliveryPipeline}. */
export interface PipelineOptions {
  /** Sends one batch. */
  readonly transport: Transport;
  /** Where events are emitted. */
  readonly emitter: PostHogCaptureEmitter;
  /** Queued events that trigger a batch without waiting for the timer. */
  readonly flushAt: number;
  /** Bounds of one batch. */
  readonly limits: BatchLimits;
  /** Bytes of events held (queued, in flight, parked) before the oldest are dropped. */
  readonly maxQueueBytes: number;
  /** Requests in flight at once. */
  readonly maxInFlight: number;
  /** While draining, how often parked batches are tried again. */
  readonly retryProbeMs: number;
  /** When idle, how often parked batches are tried again. */
  readonly parkedRetryMs: number;
  /** Add `$geoip_disable: true` to every event. */
  readonly disableGeoip: boolean;
  readonly logger?: PostHogLogger | undefined;
  /** The clock, in milliseconds. */
  readonly now?: (() => number) | undefined;
  /** Called when the pipeline starts or stops holding events (the flush timer keeps the process alive only then). */
  readonly onWorkChange?: ((hasWork: boolean) => void) | undefined;
  /** Called when a batch is parked (the timer then plans the parked retry). */
  readonly onParked?: (() => void) | undefined;
}

/** Counts of the pipeline, as `stats` reports them. */
export interface PipelineStats {
  /** Events waiting to be sent (queued, or split off and ready). */
  readonly queued: number;
  /** Events in requests in flight. */
  readonly inFlight: number;
  /** Events parked after their attempts, waiting to be sent again. */
  readonly parked: number;
  /** Events PostHog accepted, since start. */
  readonly delivered: number;
  /** Events refused for good, since start. */
  readonly rejected: number;
  /** Events dropped by the queue bound, since start. */
  readonly dropped: number;
  /** Retries of requests, since start. */
  readonly retries: number;
  /** Bytes of JSON held (queued, in flight, parked). */
  readonly bytes: number;
}

/** Batches, sends, retries, parks and accounts for every accepted event. */
export class DeliveryPipeline {
  readonly #options: PipelineOptions;
  readonly #logger: PostHogLogger;
  readonly #now: () => number;
  readonly #queue = new EventQueue();
  readonly #tracker = new FlushTracker();
  readonly #requests: PQueue;
  readonly #abort = new AbortController();
  readonly #inFlight = new Set<Batch>();
  readonly #wakers = new Set<() => void>();
  #ready: Batch[] = [];
  #parked: Batch[] = [];
  #handedBack: Batch[] = [];
  #closed = false;
  #seq = 0;
  #flushMark = 0;
  #held = 0;
  #bytes = 0;
  #delivered = 0;
  #rejected = 0;
  #dropped = 0;
  #retries = 0;

  /**
   * @param options - The pipeline's settings.
   */
  constructor(options: PipelineOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
    this.#requests = new PQueue({ concurrency: options.maxInFlight });
  }

  /** Whether any event is held (queued, in flight, parked or handed back). */
  get hasWork(): boolean {
    return this.#held > 0;
  }

  /** Whether the pipeline sends nothing more (after {@link DeliveryPipeline.abort}). */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Accepts a normalised event: sizes it (exactly, without building its wire form, which is
   * made when its batch is sent), queues it, applies the byte bound, and sends a batch if
   * `flushAt` events are waiting.
   *
   * @param event - The event, `uuid` and `timestamp` fixed.
   * @returns The event's uuid, or an `"invalid-event"` error (too large, not serialisable).
   */
  accept(event: CaptureEvent): Result<string, PostHogError<"invalid-event">> {
    let bytes = wireSize(event, this.#options.disableGeoip);
    if (bytes === undefined || bytes > MAX_EVENT_BYTES) {
      const measured = sizeWireEvent(toWire(event, this.#options.disableGeoip));
      if (!measured.ok) return measured;
      bytes = measured.value.bytes;
    }
    const pending: PendingEvent = {
      seq: this.#seq++,
      event,
      bytes,
      mark: this.#tracker.currentMark,
    };
    this.#queue.push(pending);
    this.#held += 1;
    this.#bytes += bytes;
    if (this.#held === 1) this.#options.onWorkChange?.(true);
    this.#enforceBound();
    this.#pump();
    return Result.ok(event.uuid);
  }

  /**
   * The flush timer's turn: sends every event queued so far, and the parked batches that
   * have waited `parkedRetryMs`.
   */
  tick(): void {
    this.#flushMark = this.#seq;
    this.resendDueParked();
  }

  /** Sends again the parked batches that have waited `parkedRetryMs` since they were parked. */
  resendDueParked(): void {
    const due = this.#now() - this.#options.parkedRetryMs;
    if (this.#parked.some((batch) => (batch.parkedAt ?? 0) <= due)) {
      const waiting: Batch[] = [];
      for (const batch of this.#parked) {
        if ((batch.parkedAt ?? 0) <= due) this.#ready.push(batch);
        else waiting.push(batch);
      }
      this.#parked = waiting;
    }
    this.#pump();
  }

  /** Milliseconds until the first parked batch is due again, or `undefined` when none is parked. */
  parkedDueIn(): number | undefined {
    if (this.#parked.length === 0) return undefined;
    let first = Number.POSITIVE_INFINITY;
    for (const batch of this.#parked) first = Math.min(first, batch.parkedAt ?? 0);
    return Math.max(0, first + this.#options.parkedRetryMs - this.#now());
  }

  /**
   * Sends everything accepted so far, parked batches included, and reports what became of it.
   *
   * @returns The report, once every event accepted before the call has an outcome, or the
   * pipeline is closed (then the rest counts as `undelivered`).
   */
  flush(): Promise<FlushReport> {
    if (this.#closed) {
      const report = { delivered: 0, rejected: 0, dropped: 0, parked: 0, undelivered: this.#held };
      return Promise.resolve(report);
    }
    this.#resendParked();
    this.#flushMark = this.#seq;
    const report = this.#tracker.open(this.#held);
    this.#pump();
    return report;
  }

  /**
   * Delivers everything held, trying parked batches every `retryProbeMs`, until nothing is
   * left or the deadline passes; then aborts what is still in flight. Always resolves.
   *
   * @param deadline - The time (per the pipeline's clock) by which to give up.
   */
  async drain(deadline: number): Promise<void> {
    this.#flushMark = Number.POSITIVE_INFINITY;
    this.#resendParked();
    this.#pump();
    let lastProbe = this.#now();
    while (this.#held > 0 && !this.#closed) {
      const now = this.#now();
      if (now >= deadline) break;
      const probeAt = this.#parked.length > 0 ? lastProbe + this.#options.retryProbeMs : deadline;
      await this.#waitForChange(Math.min(deadline, probeAt) - now);
      if (this.#parked.length > 0 && this.#now() >= lastProbe + this.#options.retryProbeMs) {
        this.#resendParked();
        this.#pump();
        lastProbe = this.#now();
      }
    }
    if (this.#held > 0) await this.abort();
  }

  /**
   * Sends nothing more and aborts the requests in flight (their events are handed back).
   * Resolves once they have come back, or after a short grace.
   */
  async abort(): Promise<void> {
    this.#closed = true;
    this.#abort.abort(new Error("The capture pipeline was shut down"));
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#requests.onIdle(),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ABORT_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Resolves every open `flush` now; what they still covered counts as `undelivered`. */
  closeFlushes(): void {
    this.#tracker.closeAll();
  }

  /** The events held, oldest first, in the shape `capture` accepts. */
  undelivered(): CaptureEvent[] {
    const all: PendingEvent[] = [];
    for (const batches of [this.#handedBack, [...this.#inFlight], this.#parked, this.#ready]) {
      for (const batch of batches) all.push(...batch.events);
    }
    all.push(...this.#queue.toArray());
    all.sort((a, b) => a.seq - b.seq);
    return all.map((pending) => pending.event);
  }

  /** The pipeline's counts. */
  stats(): PipelineStats {
    let ready = 0;
    for (const batch of this.#ready) ready += batch.events.length;
    let inFlight = 0;
    for (const batch of this.#inFlight) inFlight += batch.events.length;
    let parked = 0;
    for (const batch of this.#parked) parked += batch.events.length;
    return {
      queued: this.#queue.length + ready,
      inFlight,
      parked,
      delivered: this.#delivered,
      rejected: this.#rejected,
      dropped: this.#dropped,
      retries: this.#retries,
      bytes: this.#bytes,
    };
  }

  #pump(): void {
    if (this.#closed) return;
    while (this.#inFlight.size < this.#options.maxInFlight) {
      const batch = this.#nextBatch();
      if (batch === undefined) return;
      this.#inFlight.add(batch);
      void this.#requests.add(() => this.#send(batch));
    }
  }

  #nextBatch(): Batch | undefined {
    const ready = this.#ready.shift();
    if (ready !== undefined) return ready;
    const head = this.#queue.peek();
    if (head === undefined) return undefined;
    if (this.#queue.length < this.#options.flushAt && head.seq >= this.#flushMark) return undefined;
    return cutBatch(this.#queue, this.#options.limits);
  }

  async #send(batch: Batch): Promise<void> {
    const count = batch.events.length;
    const onRetry = (info: RetryInfo): void => {
      this.#retries += 1;
      this.#emit("retry", { ...info, count });
    };
    let outcome: Result<PartialOutcome | undefined, PostHogError>;
    const { disableGeoip } = this.#options;
    try {
      outcome = await this.#options.transport(
        batch.events.map((pending) => toWire(pending.event, disableGeoip)),
        { signal: this.#abort.signal, onRetry },
      );
    } catch (cause) {
      const error = new PostHogError(
        "request",
        { reason: "network" },
        { message: "The transport threw instead of returning a result", cause },
      );
      this.#logger.error({ err: cause }, error.message);
      this.#emit("error", error);
      outcome = Result.error(error);
    }
    this.#inFlight.delete(batch);
    if (outcome.ok && outcome.value !== undefined) this.#applyPartial(batch, outcome.value);
    else this.#apply(batch, planDelivery(count, outcome.ok ? Result.ok() : outcome));
    if (this.#held === 0) this.#options.onWorkChange?.(false);
    this.#pump();
    for (const wake of [...this.#wakers]) wake();
  }

  #apply(batch: Batch, plan: DeliveryPlan): void {
    const events = batch.events;
    switch (plan.kind) {
      case "delivered":
        this.#settle(batch, "delivered");
        this.#delivered += events.length;
        if (this.#options.emitter.listenerCount("flush") > 0) {
          this.#emit("flush", {
            count: events.length,
            bytes: batch.bytes,
            uuids: events.map((pending) => pending.event.uuid),
          });
        }
        if (this.#parked.length > 0) this.#resendParked();
        return;
      case "split": {
        const middle = Math.ceil(events.length / 2);
        this.#logger.debug(
          { events: events.length, why: plan.why },
          "Splitting a batch PostHog refused as a whole",
        );
        this.#ready.unshift(makeBatch(events.slice(0, middle)), makeBatch(events.slice(middle)));
        return;
      }
      case "reject": {
        const { reason, error } = plan;
        this.#settle(batch, "rejected");
        this.#rejected += events.length;
        this.#logger.warn({ events: events.length, reason }, "PostHog rejected events");
        this.#emit("reject", { events: events.map((pending) => pending.event), reason, error });
        if (reason === "unauthorized" || reason === "forbidden") this.#emit("error", error);
        return;
      }
      case "park":
        for (const pending of events) this.#tracker.record(pending, "parked");
        batch.parkedAt = this.#now();
        this.#parked.push(batch);
        this.#logger.warn(
          { events: events.length, parked: this.#parkedCount() },
          "Delivery attempts used up: batch parked, it will be sent again",
        );
        this.#emit("retry-exhausted", {
          count: events.length,
          error: plan.error,
          parked: this.#parkedCount(),
        });
        this.#options.onParked?.();
        return;
      case "hand-back":
        this.#handedBack.push(batch);
        return;
    }
  }

  /**
   * Splits a batch by the per-event outcome a transport reported (the V1 route's answer),
   * and plans each part, so that every event ends in its own visible state: delivered,
   * rejected with PostHog's reason (an `"api"` error of status 200, code `"drop"`), or, when
   * the exchange ended without an answer for it, parked (a retryable failure) or planned as
   * a failed batch of its own (an abort hands it back, a 400 splits or rejects it…).
   */
  #applyPartial(batch: Batch, outcome: PartialOutcome): void {
    if (outcome.notes !== undefined && outcome.notes.length > 0) {
      this.#logger.info(
        { notes: outcome.notes.map(({ uuid, result, details }) => ({ uuid, result, details })) },
        "PostHog accepted events with a remark",
      );
    }
    const reasons = new Map<string, string>();
    for (const { uuid, reason } of outcome.rejected ?? []) reasons.set(uuid, reason);
    const unsettled = new Set(outcome.unsettled?.uuids ?? []);
    const delivered: PendingEvent[] = [];
    const left: PendingEvent[] = [];
    const rejected = new Map<string, PendingEvent[]>();
    for (const pending of batch.events) {
      const uuid = pending.event.uuid;
      const reason = reasons.get(uuid);
      if (reason !== undefined) rejected.set(reason, [...(rejected.get(reason) ?? []), pending]);
      else if (unsettled.has(uuid)) left.push(pending);
      else delivered.push(pending);
    }
    if (delivered.length > 0) this.#apply(makeBatch(delivered), { kind: "delivered" });
    for (const [reason, events] of rejected) {
      const error = new PostHogError(
        "api",
        { status: 200, body: undefined, code: "drop", detail: reason },
        { message: `PostHog dropped ${events.length} event(s): ${reason}` },
      );
      this.#apply(makeBatch(events), { kind: "reject", reason, error });
    }
    const rest = outcome.unsettled;
    if (left.length > 0 && rest !== undefined) {
      const plan: DeliveryPlan = rest.retryable
        ? { kind: "park", error: rest.error }
        : planDelivery(left.length, Result.error(rest.error));
      this.#apply(makeBatch(left), plan);
    }
  }

  /** Removes a batch's events from the held totals and records their outcome. */
  #settle(batch: Batch, outcome: EventOutcome): void {
    for (const pending of batch.events) this.#tracker.record(pending, outcome);
    this.#held -= batch.events.length;
    this.#bytes -= batch.bytes;
  }

  #parkedCount(): number {
    let count = 0;
    for (const batch of this.#parked) count += batch.events.length;
    return count;
  }

  #resendParked(): void {
    if (this.#parked.length === 0) return;
    this.#ready.push(...this.#parked);
    this.#parked = [];
  }

  /** Drops the oldest droppable events (parked, then ready, then queued) while over the bound. */
  #enforceBound(): void {
    if (this.#bytes <= this.#options.maxQueueBytes) return;
    const dropped: PendingEvent[] = [];
    while (this.#bytes > this.#options.maxQueueBytes) {
      const victim =
        this.#shiftFrom(this.#parked) ?? this.#shiftFrom(this.#ready) ?? this.#queue.shift();
      if (victim === undefined) break;
      this.#tracker.record(victim, "dropped");
      this.#held -= 1;
      this.#bytes -= victim.bytes;
      this.#dropped += 1;
      dropped.push(victim);
    }
    if (dropped.length > 0) {
      this.#logger.warn(
        { dropped: dropped.length },
        "Queue bound overflowed: oldest events dropped",
      );
      this.#emit("drop", { reason: "queue-full", events: dropped.map((pending) => pending.event) });
      if (this.#held === 0) this.#options.onWorkChange?.(false);
    }
  }

  #shiftFrom(batches: Batch[]): PendingEvent | undefined {
    const batch = batches[0];
    if (batch === undefined) return undefined;
    const pending = batch.events.shift();
    if (pending !== undefined) batch.bytes -= pending.bytes;
    if (batch.events.length === 0) batches.shift();
    return pending;
  }

  #waitForChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.#wakers.add(wake);
    });
  }

  #emit<K extends keyof PostHogCaptureEvents>(
    name: K,
    ...args: EventEmitter.EventArgs<PostHogCaptureEvents, K>
  ): void {
    try {
      this.#options.emitter.emit(name, ...args);
    } catch (error) {
      this.#logger.error({ err: error, event: name }, "A capture event listener threw");
    }
  }
}
