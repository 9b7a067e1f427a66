/**
 * `@tsactor/core`: typed actors for TypeScript, modelled on Rust's rsActor. An actor is a class
 * whose public methods are its message handlers; `spawn` runs it behind a bounded mailbox and
 * returns a typed `ActorRef` and a `JoinHandle` resolving to its `ActorResult`. Failures are
 * values (`typescript-result`), never throws.
 *
 * On top of the runtime: `supervise` (restarts behind a stable ref), `createActorSystem`
 * (tracking, lookup, graceful shutdown on signals) and timers to self (`schedule`,
 * `scheduleEvery` on refs).
 *
 * Left out on purpose: the actor cell, mailbox, `RefTarget`, the supervisor and the internal
 * `spawnWith`/`spawnCell` are internal (deep imports are blocked by the package's `exports`).
 */

export type { ActorClass, ActorHooks, ArgsOf } from "./actor.ts";
export { Actor } from "./actor.ts";
export type { Deferred } from "./deferred.ts";
export { deferred } from "./deferred.ts";
export type { ActorErrorKind, ActorErrorOptions } from "./errors/actor-error.ts";
export { ActorError, isActorError } from "./errors/actor-error.ts";
export type { ActorEventMap } from "./events/actor-events.ts";
export { actorEvents } from "./events/actor-events.ts";
export type { DeadLetter, DeadLetterReason } from "./events/dead-letter.ts";
export type { ActorMetrics } from "./metrics/actor-metrics.ts";
export { ActorRef } from "./ref/actor-ref.ts";
export { ActorWeak } from "./ref/actor-weak.ts";
export type { Identity } from "./ref/identity.ts";
export type {
  AskArgs,
  AskOptions,
  HandlerName,
  PayloadArgs,
  PayloadOf,
  ReplyOf,
  TellArgs,
  TellOptions,
} from "./ref/message-types.ts";
export type {
  ActorResult,
  CompletedResult,
  FailedResult,
  FailurePhase,
  Unprocessed,
  UnprocessedMessage,
} from "./result/actor-result.ts";
export { JoinHandle } from "./result/join-handle.ts";
export { isCompleted, isFailed, stoppedNormally, wasKilled } from "./result/predicates.ts";
export type { DeadlockDetection } from "./runtime/deadlock.ts";
export { setDeadlockDetection } from "./runtime/deadlock.ts";
export type { SpawnOptions } from "./runtime/options.ts";
export { DEFAULT_MAILBOX_CAPACITY } from "./runtime/options.ts";
export type { SpawnArgs } from "./spawn.ts";
export { spawn } from "./spawn.ts";
export type { BackoffOptions, RestartPolicy, SuperviseOptions } from "./supervision/options.ts";
export type { SuperviseArgs } from "./supervision/supervise.ts";
export { Supervision, supervise } from "./supervision/supervise.ts";
export type {
  GiveUpEvent,
  RestartEvent,
  SupervisionEndReason,
  SupervisionResult,
  SupervisorEventMap,
} from "./supervision/supervision-result.ts";
export { ActorSystem, createActorSystem } from "./system/actor-system.ts";
export type { ActorSystemOptions } from "./system/options.ts";
export type { ShutdownEntry } from "./system/shutdown-entry.ts";
export type { HandleSignalsOptions } from "./system/signals.ts";
export {
  ActorSystemClosedError,
  isActorSystemClosedError,
} from "./system/system-closed-error.ts";
export type { CancelTimer } from "./timers/schedule.ts";
