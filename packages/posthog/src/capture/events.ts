/**
 * The events the capture path emits, as an `eventemitter3` event map: a batch delivered
 * (`"flush"`), a retry (`"retry"`), a batch parked after its attempts (`"retry-exhausted"`),
 * events refused (`"reject"`), events dropped by a bound (`"drop"`), and errors that need a
 * human (`"error"`: a bad key, an unexpected failure). Whoever holds only an `ActorRef` can
 * listen by passing their own emitter as the `events` option.
 */
import type { EventEmitter } from "eventemitter3";
import type { PostHogError } from "../errors/posthog-error.ts";
import type { RetryInfo } from "./transport.ts";
import type { CaptureEvent } from "./types.ts";

/** A batch PostHog accepted. */
export interface FlushedEvent {
  /** Events in the batch. */
  readonly count: number;
  /** Bytes of event JSON in the batch. */
  readonly bytes: number;
  /** The uuids delivered. */
  readonly uuids: readonly string[];
}

/** A retry of a batch. */
export interface RetryEvent extends RetryInfo {
  /** Events in the batch being retried. */
  readonly count: number;
}

/** A batch whose attempts are used up: parked, sent again later. */
export interface RetryExhaustedEvent {
  /** Events in the batch. */
  readonly count: number;
  /** The last failure. */
  readonly error: PostHogError;
  /** Events parked in all, this batch included. */
  readonly parked: number;
}

/** Events refused for good. */
export interface RejectEvent {
  /** The events, as `capture` accepts them. */
  readonly events: readonly CaptureEvent[];
  /** Why: `"event-too-large"`, PostHog's own reason for a 400, `"unauthorized"`… */
  readonly reason: string;
  /** PostHog's answer. */
  readonly error: PostHogError;
}

/** Events dropped because a bound overflowed. */
export interface DropEvent {
  /** `"queue-full"` (the byte bound), `"mailbox-full"` (the actor's mailbox), or `"stopped"` (captured after the actor ended). */
  readonly reason: "queue-full" | "mailbox-full" | "stopped";
  /** The events dropped, as `capture` accepts them. */
  readonly events: readonly CaptureEvent[];
}

/** The event map of the capture path. */
export interface PostHogCaptureEvents {
  flush: [FlushedEvent];
  retry: [RetryEvent];
  "retry-exhausted": [RetryExhaustedEvent];
  reject: [RejectEvent];
  drop: [DropEvent];
  error: [PostHogError];
}

/** The name of an event of the capture path. */
export type PostHogCaptureEventName = keyof PostHogCaptureEvents;

/** An emitter of the capture path's events; pass one as the `events` option to listen. */
export type PostHogCaptureEmitter = EventEmitter<PostHogCaptureEvents>;
