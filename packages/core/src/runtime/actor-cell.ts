/**
 * The actor cell: the runtime behind one spawned actor and the `RefTarget` its refs forward to.
 * It owns the mailbox, the message loop and the lifecycle. The loop is scheduled with one
 * microtask (a promise job) per idle-to-busy transition and drains synchronously while handlers
 * return plain values; it awaits only a handler that returns a promise. Before each message it checks
 * the terminate flag first (kill is biased). Everything only some actors need lives in a lazily
 * created `CellExtras`, and the cell never holds a strong ref to its own refs, so that the
 * garbage collector can stop an actor nobody references.
 */
import { Result } from "typescript-result";
import { Deferred } from "../deferred.ts";
import type { ActorError, ActorErrorKind } from "../errors/actor-error.ts";
import { emitEvent, hasListeners } from "../events/actor-events.ts";
import type { DeadLetterReason } from "../events/dead-letter.ts";
import { Mailbox } from "../mailbox/mailbox.ts";
import type { Slot2 } from "../mailbox/ring.ts";
import type { ActorMetrics } from "../metrics/actor-metrics.ts";
import { coarseNow } from "../metrics/clock.ts";
import { emptyMetrics, MetricsRecorder } from "../metrics/recorder.ts";
import { ActorRef } from "../ref/actor-ref.ts";
import { ActorWeak } from "../ref/actor-weak.ts";
import { createIdentity, type Identity, nextActorId } from "../ref/identity.ts";
import type { AskOptions, TellOptions } from "../ref/message-types.ts";
import { type RefOwner, trackStrongRef, untrackStrongRef } from "../ref/ref-registry.ts";
import type { RefTarget } from "../ref/ref-target.ts";
import type { ActorResult, Unprocessed, UnprocessedMessage } from "../result/actor-result.ts";
import { DONE, failure, OK, OK_PROMISE } from "../result/outcomes.ts";
import { closeTimers, disarmTimers } from "../timers/timer-set.ts";
import { buildResult } from "./build-result.ts";
import { pendingPromise, takeResolver } from "./capture.ts";
import type { ClassInfo } from "./class-info.ts";
import {
  detection,
  enterFrame,
  exitFrame,
  type Frame,
  runInFrame,
  trackWait,
  wouldDeadlock,
} from "./deadlock.ts";
import { CellExtras } from "./extras.ts";
import { forwarding, markRefused } from "./forwarding.ts";
import type { HandlerEntry, HandlerFn } from "./handlers.ts";
import { handling } from "./handling.ts";
import type { InternalSpawnOptions, ResolvedOptions } from "./options.ts";
import { PendingAsk } from "./pending-ask.ts";
import { type AskRecord, type Head, QuickAsk } from "./reply.ts";
import {
  AWAITING,
  DRAINING,
  ENDED,
  KILLED,
  LOOP_EXITED,
  PHASE,
  PRIORITY,
  REDELIVERS_TELLS,
  REFUSING,
  RUNNING,
  SCHEDULED,
  STOP_REQUESTED,
  STOPPING,
  TERMINATE,
} from "./state.ts";
import { TellWaiter } from "./tell-waiter.ts";
import type { Expiry, ExpiryOwner, TimedWait } from "./timed-wait.ts";

/** Messages handled in one synchronous run before the loop yields to the event loop. */
const BUDGET = 4096;

/**
 * The real `setImmediate`, taken at load time: the runtime's own scheduling must not stall when
 * a test installs fake timers (user-facing timeouts do use the current `setTimeout`).
 */
const nextTurn: (callback: () => void) => unknown = globalThis.setImmediate;

const NO_MESSAGES: Unprocessed = Object.freeze([]);

/** The loop's scratch record; read into locals at once, so one is enough for all cells. */
const cursor: Slot2<Head> = { a: undefined, b: undefined };

type Hooks = {
  onStart?: unknown;
  onRun?: unknown;
  onStop?: unknown;
};

type Thenable = {
  then(onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void): unknown;
};

/** A thenable; primitives are ruled out first so that no wrapper is ever materialised. */
function isThenable(value: unknown): value is Thenable {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

function isAbortError(error: unknown, signal: AbortSignal | undefined): boolean {
  if (signal === undefined || !signal.aborted) return false;
  if (error === signal.reason) return true;
  return (error as { name?: unknown } | null)?.name === "AbortError";
}

function ignore(): void {}

type Drainable = { drainScheduled(): void };

function drainScheduled(cell: Drainable): void {
  cell.drainScheduled();
}

/**
 * The runtime of one actor.
 *
 * @internal
 */
export class ActorCell<A extends object> implements RefTarget, RefOwner, ExpiryOwner {
  readonly #actor: A;
  readonly #info: ClassInfo;
  readonly #options: ResolvedOptions;
  readonly #id: number;
  readonly #born: number;
  #state: number;
  #mailbox: Mailbox<Head> | undefined;
  #refs = 0;
  #extras: CellExtras<A> | undefined;
  #metrics: MetricsRecorder | undefined;

  /**
   * @param actor - the new actor instance
   * @param info - its class info
   * @param options - resolved spawn options
   * @param internal - options of the runtime's own layers
   */
  constructor(
    actor: A,
    info: ClassInfo,
    options: ResolvedOptions,
    internal?: InternalSpawnOptions,
  ) {
    this.#actor = actor;
    this.#info = info;
    this.#options = options;
    this.#id = nextActorId();
    this.#born = coarseNow();
    this.#state =
      (options.priority ? PRIORITY : 0) |
      (internal?.redeliversTells === true ? REDELIVERS_TELLS : 0);
  }

  // ---------------------------------------------------------------- lifecycle: start

  /**
   * Starts the actor: `onStart` (and then `onRun`) in a microtask, or straight to running when
   * the class defines neither.
   *
   * @param args - the spawn arguments
   * @param ref - the first strong ref, handed to `onStart`
   */
  start(args: unknown, ref: ActorRef<A>): void {
    const hooks = this.#actor as Hooks;
    if (typeof hooks.onStart === "function" || typeof hooks.onRun === "function") {
      queueMicrotask(() => this.#runOnStart(args, ref));
    } else {
      this.#state |= RUNNING;
    }
  }

  #runOnStart(args: unknown, ref: ActorRef<A>): void {
    const onStart = (this.#actor as Hooks).onStart;
    if (typeof onStart !== "function") {
      this.#started();
      return;
    }
    const frame = detection.full ? enterFrame(this) : undefined;
    let result: unknown;
    const previous = handling.cell;
    handling.cell = this;
    try {
      const call = (): unknown => onStart.call(this.#actor, args, ref);
      result = frame === undefined ? call() : runInFrame(frame, call);
    } catch (error) {
      handling.cell = previous;
      if (frame !== undefined) exitFrame(frame);
      this.#startFailed(error);
      return;
    }
    handling.cell = previous;
    if (!isThenable(result)) {
      if (frame !== undefined) exitFrame(frame);
      this.#started();
      return;
    }
    result.then(
      () => {
        if (frame !== undefined) exitFrame(frame);
        this.#started();
      },
      (error: unknown) => {
        if (frame !== undefined) exitFrame(frame);
        this.#startFailed(error);
      },
    );
  }

  #started(): void {
    const state = this.#state;
    this.#state = (state & ~PHASE) | RUNNING;
    if ((state & (STOP_REQUESTED | TERMINATE)) === 0) this.#startOnRun();
    if ((this.#state & TERMINATE) !== 0) {
      this.#finish();
      return;
    }
    if ((this.#mailbox?.size ?? 0) > 0 || (this.#state & STOP_REQUESTED) !== 0) this.#wake();
  }

  #startFailed(error: unknown): void {
    const extras = this.#ext();
    extras.failure = { phase: "onStart", error };
    extras.actorLost = true;
    this.#state = (this.#state & ~PHASE) | STOPPING | LOOP_EXITED | TERMINATE;
    closeTimers(this);
    extras.unprocessed = this.#discardQueued();
    this.#end();
  }

  // ---------------------------------------------------------------- lifecycle: onRun

  #startOnRun(): void {
    const onRun = (this.#actor as Hooks).onRun;
    if (typeof onRun !== "function") return;
    const extras = this.#ext();
    const controller = new AbortController();
    extras.controller = controller;
    let result: unknown;
    try {
      result = onRun.call(this.#actor, new ActorWeak<A>(this), controller.signal);
    } catch (error) {
      this.#onRunFailed(error);
      return;
    }
    if (!isThenable(result)) return;
    extras.onRunPending = true;
    result.then(
      () => this.#onRunSettled(),
      (error: unknown) => {
        if (isAbortError(error, controller.signal)) this.#onRunSettled();
        else this.#onRunFailed(error);
      },
    );
  }

  #onRunSettled(): void {
    const extras = this.#ext();
    extras.onRunPending = false;
    if ((this.#state & PHASE) === DRAINING) this.#enterStopping(NO_MESSAGES);
  }

  #onRunFailed(error: unknown): void {
    const extras = this.#ext();
    extras.onRunPending = false;
    const phase = this.#state & PHASE;
    if (phase >= STOPPING) return;
    extras.failure ??= { phase: "onRun", error };
    this.#state |= TERMINATE;
    this.#terminate();
  }

  // ---------------------------------------------------------------- lifecycle: ending

  /** Acts on a terminate request (kill, onRun failure) according to the phase. */
  #terminate(): void {
    this.#ext().controller?.abort();
    this.#refuseWaiters();
    const state = this.#state;
    const phase = state & PHASE;
    if (phase === RUNNING) {
      // A handler on the stack or being awaited finishes first; the loop then sees TERMINATE.
      if (handling.cell !== this && (state & AWAITING) === 0) this.#finish();
    } else if (phase === DRAINING) {
      this.#enterStopping(NO_MESSAGES);
    }
    // STARTING: `#started` sees TERMINATE once onStart is done.
  }

  /** The loop ends abruptly: queued messages become unprocessed, then onStop. */
  #finish(): void {
    if ((this.#state & LOOP_EXITED) !== 0) return;
    this.#state = (this.#state & ~SCHEDULED) | LOOP_EXITED;
    this.#ext().controller?.abort();
    this.#enterStopping(this.#discardQueued());
  }

  /** The loop reached the stop marker: wait for onRun, then onStop. */
  #reachedMarker(): void {
    this.#state = (this.#state & ~(PHASE | SCHEDULED)) | DRAINING | LOOP_EXITED;
    if (this.#extras?.onRunPending === true) return;
    this.#enterStopping(NO_MESSAGES);
  }

  /** The first terminating signal has won: run onStop in a microtask. */
  #enterStopping(unprocessed: Unprocessed): void {
    if ((this.#state & PHASE) >= STOPPING) return;
    this.#state = (this.#state & ~PHASE) | STOPPING | LOOP_EXITED;
    closeTimers(this);
    this.#ext().unprocessed = unprocessed;
    queueMicrotask(() => this.#runOnStop());
  }

  #runOnStop(): void {
    const onStop = (this.#actor as Hooks).onStop;
    if (typeof onStop !== "function") {
      this.#end();
      return;
    }
    const extras = this.#ext();
    const killed = (this.#state & KILLED) !== 0;
    let result: unknown;
    try {
      result = onStop.call(this.#actor, new ActorWeak<A>(this), killed, extras.unprocessed);
    } catch (error) {
      this.#stopFailed(error);
      this.#end();
      return;
    }
    if (!isThenable(result)) {
      this.#end();
      return;
    }
    result.then(
      () => this.#end(),
      (error: unknown) => {
        this.#stopFailed(error);
        this.#end();
      },
    );
  }

  /** Deferred replies still unsettled a turn after the end (onStop may have settled some). */
  #answerUnsettled(): void {
    const extras = this.#ext();
    const pending = extras.deferreds;
    extras.deferreds = undefined;
    for (const reply of pending ?? []) {
      reply.settle(this.#failure("stopped", undefined, reply.entry.name));
    }
  }

  #stopFailed(error: unknown): void {
    const extras = this.#ext();
    extras.hasStopError = true;
    extras.stopError = error;
  }

  #end(): void {
    this.#state = (this.#state & ~PHASE) | ENDED | LOOP_EXITED;
    const extras = this.#ext();
    extras.endedAt = performance.now();
    const result = buildResult(this.#actor, extras, (this.#state & KILLED) !== 0);
    extras.result = result;
    if (extras.deferreds !== undefined) nextTurn(() => this.#answerUnsettled());
    if (result.status === "failed" && hasListeners("failure")) {
      emitEvent("failure", this.identity(), result);
    }
    if (hasListeners("stop")) emitEvent("stop", this.identity(), result);
    extras.resolveJoin?.(result);
    extras.resolveJoin = undefined;
  }

  // ---------------------------------------------------------------- the message loop

  #wake(): void {
    if ((this.#state & (SCHEDULED | PHASE)) === RUNNING) this.#schedule();
  }

  /**
   * Queues the drain as a promise job: no closure, no context and none of the async-resource
   * bookkeeping of Node's `queueMicrotask`. (The cell must never get a `then` method, or
   * `Promise.resolve` would treat it as a thenable.)
   */
  #schedule(): void {
    this.#state |= SCHEDULED;
    void Promise.resolve(this).then(drainScheduled);
  }

  /**
   * Drains the mailbox; the scheduled microtask calls it.
   *
   * @internal
   */
  drainScheduled(): void {
    this.#drain();
  }

  #yield(): void {
    nextTurn(() => this.#drain());
  }

  #drain(): void {
    if ((this.#state & LOOP_EXITED) !== 0) return;
    const mailbox = this.#mailbox;
    this.#metrics ??= new MetricsRecorder();
    const metrics = this.#metrics;
    const mark = metrics.begin();
    const actor = this.#actor;
    const tracked = detection.full;
    let handled = 0;
    for (;;) {
      const state = this.#state;
      if ((state & TERMINATE) !== 0) {
        cursor.a = cursor.b = undefined;
        metrics.end(mark, handled);
        this.#finish();
        return;
      }
      if (mailbox === undefined || !mailbox.take(cursor)) {
        cursor.a = cursor.b = undefined;
        metrics.end(mark, handled);
        if ((state & STOP_REQUESTED) !== 0) this.#reachedMarker();
        else this.#state = state & ~SCHEDULED;
        return;
      }
      const head = cursor.a as Head;
      const reply = head.isAsk ? head : undefined;
      const entry = head.isAsk ? head.entry : head;
      const payload = head.isAsk ? head.payload : cursor.b;
      const fn = entry.fn ?? ((actor as Record<string, unknown>)[entry.name] as HandlerFn);
      const frame = tracked ? enterFrame(this) : undefined;
      let result: unknown;
      handling.cell = this;
      try {
        if (frame !== undefined) {
          result = this.#callInFrame(frame, fn, entry, payload);
        } else if (entry.wantsRef) {
          result = fn.call(actor, payload, this.#selfRef());
        } else {
          result = fn.call(actor, payload);
        }
      } catch (error) {
        handling.cell = undefined;
        cursor.a = cursor.b = undefined;
        if (frame !== undefined) exitFrame(frame);
        metrics.end(mark, handled + 1);
        this.#crash(error, reply);
        return;
      }
      handling.cell = undefined;
      if ((typeof result === "object" || typeof result === "function") && result !== null) {
        if (isThenable(result)) {
          cursor.a = cursor.b = undefined;
          const at = performance.now();
          metrics.end(mark, handled, at);
          this.#awaitHandler(result, reply, at, frame);
          return;
        }
        if (reply === undefined && result instanceof Deferred) this.#ignoreDeferred(result);
      }
      if (frame !== undefined) exitFrame(frame);
      handled += 1;
      if (reply !== undefined) this.#reply(reply, result);
      if (handled === BUDGET) {
        cursor.a = cursor.b = undefined;
        metrics.end(mark, handled);
        this.#yield();
        return;
      }
    }
  }

  #callInFrame(frame: Frame, fn: HandlerFn, entry: HandlerEntry, payload: unknown): unknown {
    return runInFrame(frame, () =>
      entry.wantsRef
        ? fn.call(this.#actor, payload, this.#selfRef())
        : fn.call(this.#actor, payload),
    );
  }

  #awaitHandler(
    pending: Thenable,
    reply: AskRecord | undefined,
    startedAt: number,
    frame: Frame | undefined,
  ): void {
    this.#state |= AWAITING;
    pending.then(
      (value: unknown) => {
        this.#state &= ~AWAITING;
        if (frame !== undefined) exitFrame(frame);
        this.#metrics?.endAsync(startedAt);
        if (reply !== undefined) this.#reply(reply, value);
        else if (value instanceof Deferred) this.#ignoreDeferred(value);
        this.#drain();
      },
      (error: unknown) => {
        this.#state &= ~AWAITING;
        if (frame !== undefined) exitFrame(frame);
        this.#metrics?.endAsync(startedAt);
        this.#crash(error, reply);
      },
    );
  }

  #crash(error: unknown, reply: AskRecord | undefined): void {
    const extras = this.#ext();
    extras.failure ??= { phase: "onMessage", error };
    if (reply !== undefined) reply.settle(this.#failure("handler-failed", error, reply.entry.name));
    this.#state |= TERMINATE;
    this.#refuseWaiters();
    this.#finish();
  }

  // ---------------------------------------------------------------- replies

  #reply(reply: AskRecord, value: unknown): void {
    if (value instanceof Deferred) {
      this.#awaitDeferred(value, reply);
      return;
    }
    if (!reply.settle(Result.ok(value))) this.#deadLetter(reply.entry.name, value, "reply-dropped");
  }

  #awaitDeferred(value: Deferred<unknown>, reply: AskRecord): void {
    const extras = this.#ext();
    extras.deferreds ??= new Set();
    extras.deferreds.add(reply);
    value.promise.then(
      (settled: unknown) => {
        if (extras.deferreds?.delete(reply) === true && reply.settle(Result.ok(settled))) return;
        this.#deadLetter(reply.entry.name, settled, "reply-dropped");
      },
      (error: unknown) => {
        if (extras.deferreds?.delete(reply) === true) {
          reply.settle(this.#failure("handler-failed", error, reply.entry.name));
        }
      },
    );
  }

  #ignoreDeferred(value: Deferred<unknown>): void {
    value.promise.then(ignore, ignore);
  }

  // ---------------------------------------------------------------- sending

  tell(
    name: string,
    payload: unknown,
    options: TellOptions | undefined,
  ): Promise<Result<void, ActorError>> {
    const entry = this.#info.handlers.lookup(name, this.#actor);
    if (entry === undefined) return Promise.resolve(this.#unknown(name));
    if (options !== undefined) return this.#tellWith(entry, payload, options);
    if ((this.#state & REFUSING) !== 0) return Promise.resolve(this.#refuse(entry.name, payload));
    const mailbox = this.#mailbox ?? this.#createMailbox();
    if (mailbox.offer(payload === undefined ? entry : entry.withPayload, payload, false)) {
      this.#wake();
      return OK_PROMISE;
    }
    return this.#waitForRoom(entry, payload, false, undefined, undefined);
  }

  #tellWith(
    entry: HandlerEntry,
    payload: unknown,
    options: TellOptions,
  ): Promise<Result<void, ActorError>> {
    const priority = options.priority === true;
    const refused = this.#precheck(entry, payload, priority, options.signal);
    if (refused !== undefined) return Promise.resolve(refused);
    const mailbox = this.#mailbox ?? this.#createMailbox();
    if (mailbox.offer(payload === undefined ? entry : entry.withPayload, payload, priority)) {
      this.#wake();
      return OK_PROMISE;
    }
    return this.#waitForRoom(entry, payload, priority, options.timeout, options.signal);
  }

  #waitForRoom(
    entry: HandlerEntry,
    payload: unknown,
    priority: boolean,
    timeout: number | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Result<void, ActorError>> {
    const promise = pendingPromise<Result<void, ActorError>>();
    const waiter = new TellWaiter(entry, payload, priority, takeResolver());
    waiter.forwarded = forwarding.active;
    (this.#mailbox as Mailbox<Head>).wait(waiter);
    waiter.arm(this, timeout, signal);
    return promise;
  }

  tryTell(name: string, payload: unknown): Result<void, ActorError> {
    const entry = this.#info.handlers.lookup(name, this.#actor);
    if (entry === undefined) return this.#unknown(name);
    if ((this.#state & REFUSING) !== 0) return this.#refuse(entry.name, payload);
    const mailbox = this.#mailbox ?? this.#createMailbox();
    if (!mailbox.offer(payload === undefined ? entry : entry.withPayload, payload, false)) {
      return this.#failure("mailbox-full", undefined, entry.name);
    }
    this.#wake();
    return OK;
  }

  ask(
    name: string,
    payload: unknown,
    options: AskOptions | undefined,
  ): Promise<Result<unknown, ActorError>> {
    const entry = this.#info.handlers.lookup(name, this.#actor);
    if (entry === undefined) return Promise.resolve(this.#unknown(name));
    if (handling.cell === this) return Promise.resolve(this.#failure("deadlock", undefined, name));
    if (detection.full) {
      if (wouldDeadlock(this)) return Promise.resolve(this.#failure("deadlock", undefined, name));
    } else if (options === undefined && (this.#state & REFUSING) === 0) {
      const mailbox = this.#mailbox ?? this.#createMailbox();
      if (mailbox.hasRoom()) {
        const promise = pendingPromise<Result<unknown, ActorError>>();
        mailbox.offer(new QuickAsk(entry, payload, takeResolver()), undefined, false);
        this.#wake();
        return promise;
      }
    }
    return this.#askWith(entry, payload, options);
  }

  #askWith(
    entry: HandlerEntry,
    payload: unknown,
    options: AskOptions | undefined,
  ): Promise<Result<unknown, ActorError>> {
    const priority = options?.priority === true;
    const refused = this.#precheck(entry, payload, priority, options?.signal);
    if (refused !== undefined) return Promise.resolve(refused);
    const promise = pendingPromise<Result<unknown, ActorError>>();
    const pending = new PendingAsk(entry, payload, priority, takeResolver());
    const mailbox = this.#mailbox ?? this.#createMailbox();
    if (mailbox.offer(pending, undefined, priority)) {
      this.#wake();
    } else {
      pending.forwarded = forwarding.active;
      mailbox.wait(pending);
    }
    pending.arm(this, options?.timeout, options?.signal);
    if (detection.full) trackWait(this, promise);
    return promise;
  }

  /** The checks every send with options makes; an error result when it cannot go ahead. */
  #precheck(
    entry: HandlerEntry,
    payload: unknown,
    priority: boolean,
    signal: AbortSignal | undefined,
  ): Result<never, ActorError> | undefined {
    if (priority && (this.#state & PRIORITY) === 0) {
      return this.#failure("priority-disabled", undefined, entry.name);
    }
    if (signal?.aborted === true) return this.#failure("aborted", signal.reason, entry.name);
    if ((this.#state & REFUSING) !== 0) return this.#refuse(entry.name, payload);
    return undefined;
  }

  /** A wait's timer fired or its signal aborted (see `TimedWait.arm`). */
  expired(wait: TimedWait, why: Expiry): void {
    const withdrawn = wait.waiting && this.#mailbox?.cancel(wait) === true;
    const cause = why === "aborted" ? wait.abortReason : undefined;
    const error = this.#failure(why, cause, wait.entry.name);
    wait.reject(error);
    if (withdrawn && why === "timeout") this.#deadLetter(wait.entry.name, wait.payload, "timeout");
  }

  #createMailbox(): Mailbox<Head> {
    const options = this.#options;
    const mailbox = new Mailbox<Head>(
      options.capacity,
      options.priorityCapacity ?? options.capacity,
    );
    this.#mailbox = mailbox;
    return mailbox;
  }

  // ---------------------------------------------------------------- stop, kill, refs

  stop(): Promise<void> {
    const state = this.#state;
    if ((state & REFUSING) !== 0) return this.#extras?.stopPromise ?? DONE;
    this.#state = state | STOP_REQUESTED;
    disarmTimers(this);
    this.#extras?.controller?.abort();
    const placed = this.#mailbox?.whenWaitersGone();
    if (placed !== undefined) this.#ext().stopPromise = placed;
    this.#wake();
    return placed ?? DONE;
  }

  kill(): void {
    const state = this.#state;
    if ((state & KILLED) !== 0 || (state & PHASE) >= STOPPING) return;
    this.#state = state | KILLED | TERMINATE;
    disarmTimers(this);
    this.#terminate();
  }

  isAlive(): boolean {
    return (this.#state & LOOP_EXITED) === 0;
  }

  /**
   * False once new sends are refused: a stop was requested, or a kill, crash or failure is
   * ending the actor (before `isAlive()` turns false). A supervisor checks it before forwarding.
   *
   * @internal
   */
  accepting(): boolean {
    return (this.#state & REFUSING) === 0;
  }

  waitStopped(): Promise<void> {
    if ((this.#state & PHASE) === ENDED) return DONE;
    return this.join().then(ignore);
  }

  metrics(): ActorMetrics {
    const uptime = Math.max(0, (this.#extras?.endedAt ?? performance.now()) - this.#born);
    return this.#metrics?.snapshot(uptime) ?? emptyMetrics(uptime);
  }

  identity(): Identity {
    const extras = this.#ext();
    extras.identity ??= createIdentity(this.#id, this.#options.name ?? this.#info.name);
    return extras.identity;
  }

  upgrade<B>(): ActorRef<B> | undefined {
    if ((this.#state & LOOP_EXITED) !== 0) return undefined;
    const live = this.#liveSelfRef() ?? (this.#refs === 0 ? undefined : this.#issueSelfRef());
    return live as ActorRef<B> | undefined;
  }

  /**
   * A new strong ref, counted and tracked for the garbage-collection stop.
   *
   * @internal
   */
  issueRef(): ActorRef<A> {
    const ref = new ActorRef<A>(this);
    this.#refs += 1;
    trackStrongRef(ref, this);
    return ref;
  }

  refDropped(): void {
    this.#refs -= 1;
    if (this.#refs === 0) void this.stop();
  }

  /**
   * The actor's result, once it has ended (lazily creating the promise).
   *
   * @internal
   */
  join(): Promise<ActorResult<A>> {
    const extras = this.#ext();
    if (extras.joinPromise === undefined) {
      if (extras.result !== undefined) {
        extras.joinPromise = Promise.resolve(extras.result);
      } else {
        extras.joinPromise = pendingPromise<ActorResult<A>>();
        extras.resolveJoin = takeResolver();
      }
    }
    return extras.joinPromise;
  }

  /** A strong ref for a handler's second parameter: the live self ref, or a new one. */
  #selfRef(): ActorRef<A> {
    return this.#liveSelfRef() ?? this.#issueSelfRef();
  }

  /**
   * The last self ref issued, if it is still reachable. When it has died, its drop is counted at
   * once (its finalizer may lag), so that upgrading in a loop cannot resurrect the actor.
   */
  #liveSelfRef(): ActorRef<A> | undefined {
    const extras = this.#extras;
    const weak = extras?.selfRef;
    if (extras === undefined || weak === undefined) return undefined;
    const live = weak.deref();
    if (live !== undefined) return live;
    extras.selfRef = undefined;
    if (untrackStrongRef(weak)) this.refDropped();
    return undefined;
  }

  #issueSelfRef(): ActorRef<A> {
    const ref = new ActorRef<A>(this);
    const weak = new WeakRef(ref);
    this.#refs += 1;
    trackStrongRef(ref, this, weak);
    this.#ext().selfRef = weak;
    return ref;
  }

  // ---------------------------------------------------------------- helpers

  #ext(): CellExtras<A> {
    this.#extras ??= new CellExtras<A>();
    return this.#extras;
  }

  #failure(kind: ActorErrorKind, cause?: unknown, name?: string): Result<never, ActorError> {
    const options = {
      ...(cause === undefined ? {} : { cause }),
      ...(name === undefined ? {} : { detail: `message "${name}"` }),
    };
    return failure(kind, this.identity(), options);
  }

  #unknown(name: unknown): Result<never, ActorError> {
    return failure("unknown-message", this.identity(), { detail: `message "${String(name)}"` });
  }

  #refuse(name: string, payload: unknown): Result<never, ActorError> {
    this.#deadLetter(name, payload, "stopped");
    return this.#failure("stopped", undefined, name);
  }

  #deadLetter(name: string, payload: unknown, reason: DeadLetterReason): void {
    if (hasListeners("dead-letter")) {
      emitEvent("dead-letter", Object.freeze({ identity: this.identity(), name, payload, reason }));
    }
  }

  #refuseWaiters(): void {
    this.#mailbox?.refuseWaiters((waiter) => {
      const wait = waiter as TimedWait;
      const refused = this.#failure("stopped", undefined, wait.entry.name);
      if (wait.forwarded) markRefused(refused.error);
      else this.#deadLetter(wait.entry.name, wait.payload, "stopped");
      wait.reject(refused);
    });
  }

  /** Empties the mailbox: asks answered `"stopped"`, each message a dead letter, in order. */
  #discardQueued(): Unprocessed {
    this.#refuseWaiters();
    const mailbox = this.#mailbox;
    if (mailbox === undefined || mailbox.size === 0) return NO_MESSAGES;
    const unprocessed: UnprocessedMessage[] = [];
    mailbox.drain((head, slot, priority) => {
      const name = head.isAsk ? head.entry.name : head.name;
      const payload = head.isAsk ? head.payload : slot;
      const kind = head.isAsk ? "ask" : "tell";
      unprocessed.push(Object.freeze({ name, payload, kind, priority }));
      if (head.isAsk) head.settle(this.#failure("stopped", undefined, name));
      if (head.isAsk || (this.#state & REDELIVERS_TELLS) === 0) {
        this.#deadLetter(name, payload, "discarded-at-shutdown");
      }
    });
    return Object.freeze(unprocessed);
  }
}
