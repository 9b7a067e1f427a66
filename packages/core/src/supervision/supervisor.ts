/**
 * The supervisor: a `RefTarget` that stands behind `sup.ref` and forwards every call to the
 * incarnation alive now, and the restart loop that watches each incarnation's result and decides
 * what follows (policy, intensity window, backoff, `nextArgs`). Sends that arrive while no
 * incarnation accepts them wait in a queue with their caller's timeout and signal; the tells a
 * dead incarnation had accepted but not handled go to the front of that queue, so the next
 * incarnation gets them first, in order. It is built on `spawn` and `ActorResult` only.
 */
import { EventEmitter } from "eventemitter3";
import type { Result } from "typescript-result";
import type { ActorClass } from "../actor.ts";
import type { ActorError } from "../errors/actor-error.ts";
import { emitEvent, hasListeners } from "../events/actor-events.ts";
import type { DeadLetterReason } from "../events/dead-letter.ts";
import type { ActorMetrics } from "../metrics/actor-metrics.ts";
import { emptyMetrics } from "../metrics/recorder.ts";
import { ActorRef } from "../ref/actor-ref.ts";
import { createIdentity, type Identity, nextActorId } from "../ref/identity.ts";
import type { AskOptions, TellOptions } from "../ref/message-types.ts";
import { type RefOwner, trackStrongRef } from "../ref/ref-registry.ts";
import type { RefTarget } from "../ref/ref-target.ts";
import type { ActorResult } from "../result/actor-result.ts";
import { DONE, failure, OK, OK_PROMISE } from "../result/outcomes.ts";
import { forwarding, wasRefused } from "../runtime/forwarding.ts";
import { disarmTimers } from "../timers/timer-set.ts";
import { Backoff } from "./backoff.ts";
import { emitSafely } from "./emit-safely.ts";
import { type Incarnation, spawnIncarnation } from "./incarnation.ts";
import type { ResolvedSuperviseOptions } from "./options.ts";
import { type PendingExpiry, PendingQueue, PendingSend } from "./pending-send.ts";
import { RestartWindow } from "./restart-window.ts";
import type {
  GiveUpEvent,
  SupervisionEndReason,
  SupervisionResult,
  SupervisorEventMap,
} from "./supervision-result.ts";

/**
 * - `running`: an incarnation exists (it may be ending);
 * - `backoff`: between incarnations;
 * - `stopping`: supervision is ending, waiting for the last incarnation;
 * - `ended`.
 */
type Phase = "running" | "backoff" | "stopping" | "ended";

function noop(): void {}

function deadlineOf(options: TellOptions | undefined): number | undefined {
  const timeout = options?.timeout;
  return timeout !== undefined && Number.isFinite(timeout)
    ? performance.now() + timeout
    : undefined;
}

function deadLetter(identity: Identity, name: string, payload: unknown, reason: DeadLetterReason) {
  if (hasListeners("dead-letter")) {
    emitEvent("dead-letter", Object.freeze({ identity, name, payload, reason }));
  }
}

/**
 * The target behind `sup.ref`, and the restart loop.
 *
 * @internal
 */
export class Supervisor<A> implements RefTarget, RefOwner {
  readonly #class: ActorClass<A>;
  readonly #options: ResolvedSuperviseOptions<A>;
  readonly #identity: Identity;
  readonly #events = new EventEmitter<SupervisorEventMap<A>>();
  readonly #window: RestartWindow;
  readonly #backoff: Backoff;
  readonly #pending = new PendingQueue();
  readonly #results: ActorResult<A>[] = [];
  readonly #done: Promise<SupervisionResult<A>>;
  readonly #expire = (send: PendingSend, why: PendingExpiry): void => this.#expired(send, why);
  #resolveDone: (result: SupervisionResult<A>) => void = noop;
  #phase: Phase = "running";
  #args: unknown;
  #inc: Incarnation<A> | undefined;
  #lastMetrics: ActorMetrics | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopPromise: Promise<void> | undefined;
  #restarts = 0;
  #refs = 0;
  #liveRef: WeakRef<ActorRef<A>> | undefined;

  /**
   * Spawns the first incarnation at once.
   *
   * @param ActorClass - the supervised class
   * @param args - the first incarnation's arguments
   * @param options - resolved options
   * @throws what `spawn` throws for bad spawn options
   */
  constructor(ActorClass: ActorClass<A>, args: unknown, options: ResolvedSuperviseOptions<A>) {
    this.#class = ActorClass;
    this.#options = options;
    this.#args = args;
    this.#window = new RestartWindow(options.maxRestarts, options.withinMs);
    this.#backoff = new Backoff(options.initialMs, options.maxMs);
    const name = options.spawnOptions?.name ?? ActorClass.spawnOptions?.name ?? ActorClass.name;
    this.#identity = createIdentity(nextActorId(), name || "Actor");
    this.#done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.#spawn();
  }

  /** `sup.events`. */
  get events(): EventEmitter<SupervisorEventMap<A>> {
    return this.#events;
  }

  /** `sup.done`. */
  get done(): Promise<SupervisionResult<A>> {
    return this.#done;
  }

  // ---------------------------------------------------------------- the restart loop

  #spawn(): void {
    const inc = spawnIncarnation(this.#class, this.#args, this.#options.spawnOptions);
    this.#inc = inc;
    this.#phase = "running";
    void inc.done.then((result) => this.#ended(inc, result));
  }

  #ended(inc: Incarnation<A>, result: ActorResult<A>): void {
    this.#results.push(result);
    this.#lastMetrics = inc.target.metrics();
    this.#inc = undefined;
    const from = inc.target.identity();
    const carried: PendingSend[] = [];
    for (const message of result.unprocessed) {
      if (message.kind !== "tell") continue;
      const options = message.priority ? { priority: true } : undefined;
      carried.push(
        new PendingSend(false, message.name, message.payload, options, undefined, from, undefined),
      );
    }
    this.#pending.unshift(carried);
    if (this.#phase !== "running") {
      this.#finish("stopped");
      return;
    }
    this.#phase = "backoff";
    const policy = this.#options.restart;
    if (policy === "never" || (policy === "on-failure" && result.status === "completed")) {
      this.#finish(result.status);
      return;
    }
    if (!this.#window.admit(performance.now())) {
      this.#giveUp(result, "intensity", undefined);
      return;
    }
    const nextArgs = this.#options.nextArgs;
    if (nextArgs !== undefined) {
      try {
        this.#args = nextArgs(result);
      } catch (error) {
        this.#giveUp(result, "next-args", error);
        return;
      }
    }
    const delay = this.#backoff.next(performance.now() - inc.startedAt);
    this.#restarts += 1;
    emitSafely(this.#events, "restart", { result, attempt: this.#restarts, delay });
    if (this.#phase !== "backoff") return; // a listener ended the supervision
    if (delay === 0) this.#restart();
    else this.#timer = setTimeout(() => this.#restart(), delay);
  }

  #restart(): void {
    this.#timer = undefined;
    if (this.#phase !== "backoff") return;
    try {
      this.#spawn();
    } catch (error) {
      this.#giveUp(this.#results.at(-1) as ActorResult<A>, "spawn", error);
      return;
    }
    for (const send of this.#pending.takeAll()) {
      send.leave();
      this.#forward(send);
    }
  }

  #giveUp(result: ActorResult<A>, cause: GiveUpEvent<A>["cause"], error: unknown): void {
    const event = cause === "intensity" ? { result, cause } : { result, cause, error };
    emitSafely(this.#events, "give-up", event);
    this.#finish("gave-up", cause === "intensity" ? undefined : { error });
  }

  #finish(reason: SupervisionEndReason, extra?: { error: unknown }): void {
    if (this.#phase === "ended") return;
    this.#phase = "ended";
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    disarmTimers(this);
    this.#refusePending();
    this.#resolveDone(
      Object.freeze({ reason, results: Object.freeze(this.#results.slice()), ...extra }),
    );
  }

  #refusePending(): void {
    for (const send of this.#pending.takeAll()) {
      send.leave();
      send.settle(failure("stopped", this.#identity, { detail: `message "${send.name}"` }));
      deadLetter(send.identity, send.name, send.payload, "stopped");
    }
  }

  #continuing(): boolean {
    return this.#phase === "running" || this.#phase === "backoff";
  }

  // ---------------------------------------------------------------- sends

  tell(
    name: string,
    payload: unknown,
    options: TellOptions | undefined,
  ): Promise<Result<void, ActorError>> {
    const inc = this.#inc;
    if (inc?.target.accepting()) {
      forwarding.active = true;
      const sent = inc.target.tell(name, payload, options);
      forwarding.active = false;
      if (sent === OK_PROMISE) return sent;
      const deadline = deadlineOf(options);
      return sent.then((result) =>
        result.ok || result.error.kind !== "stopped" || !this.#continuing()
          ? result
          : (this.#later(false, name, payload, options, deadline) as Promise<
              Result<void, ActorError>
            >),
      );
    }
    return this.#later(false, name, payload, options, deadlineOf(options)) as Promise<
      Result<void, ActorError>
    >;
  }

  tryTell(name: string, payload: unknown): Result<void, ActorError> {
    const inc = this.#inc;
    if (inc?.target.accepting()) {
      const sent = inc.target.tryTell(name, payload);
      if (sent.ok || sent.error.kind !== "stopped" || !this.#continuing()) return sent;
    }
    if (this.#continuing()) {
      return failure("mailbox-full", this.#identity, { detail: `message "${name}" (restarting)` });
    }
    return this.#refuse(name, payload);
  }

  ask(
    name: string,
    payload: unknown,
    options: AskOptions | undefined,
  ): Promise<Result<unknown, ActorError>> {
    const inc = this.#inc;
    if (inc?.target.accepting()) {
      const deadline = deadlineOf(options);
      forwarding.active = true;
      const asked = inc.target.ask(name, payload, options);
      forwarding.active = false;
      return asked.then((result) =>
        result.ok ||
        result.error.kind !== "stopped" ||
        !wasRefused(result.error) ||
        !this.#continuing()
          ? result
          : this.#later(true, name, payload, options, deadline),
      );
    }
    return this.#later(true, name, payload, options, deadlineOf(options));
  }

  /** A send that cannot go to an incarnation now: it waits, or is refused when supervision ends. */
  #later(
    ask: boolean,
    name: string,
    payload: unknown,
    options: AskOptions | undefined,
    deadline: number | undefined,
  ): Promise<Result<unknown, ActorError>> {
    if (!this.#continuing()) return Promise.resolve(this.#refuse(name, payload));
    const signal = options?.signal;
    if (signal?.aborted === true) {
      return Promise.resolve(
        failure("aborted", this.#identity, { cause: signal.reason, detail: `message "${name}"` }),
      );
    }
    return new Promise((resolve) => {
      const send = new PendingSend(ask, name, payload, options, deadline, this.#identity, resolve);
      const inc = this.#inc;
      if (inc?.target.accepting()) {
        this.#forward(send);
        return;
      }
      send.arm(this.#expire);
      this.#pending.push(send);
    });
  }

  /** Sends a waiting send to the current incarnation, settling its caller with the outcome. */
  #forward(send: PendingSend): void {
    const target = (this.#inc as Incarnation<A>).target;
    const options = send.forwardOptions();
    forwarding.active = true;
    const asked = send.ask ? target.ask(send.name, send.payload, options) : undefined;
    const sent = send.ask ? undefined : target.tell(send.name, send.payload, options);
    forwarding.active = false;
    if (asked !== undefined) {
      void asked.then((result) => {
        if (result.ok || result.error.kind !== "stopped" || !wasRefused(result.error)) {
          send.settle(result);
        } else {
          this.#retry(send);
        }
      });
      return;
    }
    if (sent === OK_PROMISE || sent === undefined) {
      send.settle(OK);
      return;
    }
    void sent.then((result) => {
      if (result.ok || result.error.kind !== "stopped") send.settle(result);
      else this.#retry(send);
    });
  }

  /** A forwarded send the incarnation refused before accepting it: try the next one. */
  #retry(send: PendingSend): void {
    if (!this.#continuing()) {
      send.settle(this.#refuse(send.name, send.payload));
      return;
    }
    const again = new PendingSend(
      send.ask,
      send.name,
      send.payload,
      send.forwardOptions(),
      send.deadline,
      send.identity,
      (result) => send.settle(result),
    );
    const inc = this.#inc;
    if (inc?.target.accepting()) {
      this.#forward(again);
      return;
    }
    again.arm(this.#expire);
    this.#pending.push(again);
  }

  #expired(send: PendingSend, why: PendingExpiry): void {
    if (!send.waiting) return;
    send.leave();
    const cause = why === "aborted" ? { cause: send.signal?.reason } : {};
    send.settle(failure(why, this.#identity, { ...cause, detail: `message "${send.name}"` }));
    if (why === "timeout") deadLetter(send.identity, send.name, send.payload, "timeout");
    this.#pending.compact();
  }

  #refuse(name: string, payload: unknown): Result<never, ActorError> {
    deadLetter(this.#identity, name, payload, "stopped");
    return failure("stopped", this.#identity, { detail: `message "${name}"` });
  }

  // ---------------------------------------------------------------- stop, kill, state

  stop(): Promise<void> {
    switch (this.#phase) {
      case "running": {
        this.#phase = "stopping";
        disarmTimers(this);
        this.#refusePending();
        this.#stopPromise = (this.#inc as Incarnation<A>).target.stop();
        return this.#stopPromise;
      }
      case "backoff":
        this.#finish("stopped");
        return DONE;
      default:
        return this.#stopPromise ?? DONE;
    }
  }

  kill(): void {
    const phase = this.#phase;
    if (phase === "backoff") this.#finish("stopped");
    if (phase !== "running" && phase !== "stopping") return;
    this.#phase = "stopping";
    disarmTimers(this);
    this.#refusePending();
    (this.#inc as Incarnation<A>).target.kill();
  }

  isAlive(): boolean {
    return this.#phase !== "ended";
  }

  waitStopped(): Promise<void> {
    return this.#done.then(noop);
  }

  metrics(): ActorMetrics {
    return this.#inc?.target.metrics() ?? this.#lastMetrics ?? emptyMetrics(0);
  }

  identity(): Identity {
    return this.#identity;
  }

  // ---------------------------------------------------------------- strong refs

  /**
   * A new strong ref to the supervisor, counted for the garbage-collection stop.
   *
   * @internal
   */
  issueRef(): ActorRef<A> {
    const ref = new ActorRef<A>(this);
    this.#refs += 1;
    trackStrongRef(ref, this);
    this.#liveRef = new WeakRef(ref);
    return ref;
  }

  upgrade<B>(): ActorRef<B> | undefined {
    if (this.#phase === "ended" || this.#refs === 0) return undefined;
    const live = this.#liveRef?.deref() ?? this.issueRef();
    return live as unknown as ActorRef<B>;
  }

  refDropped(): void {
    this.#refs -= 1;
    if (this.#refs === 0) void this.stop();
  }
}
