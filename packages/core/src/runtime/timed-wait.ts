/**
 * The common part of a caller that waits: the message it sent, plus an optional timer and an
 * optional abort signal that end the wait. When either fires, the owner (the actor cell) decides
 * what that means: withdraw the send, answer `"timeout"`/`"aborted"`, or drop a late reply.
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import type { Waiter } from "../mailbox/waiter.ts";
import type { HandlerEntry } from "./handlers.ts";
import type { Head } from "./reply.ts";

/**
 * Why a wait ended early.
 *
 * @internal
 */
export type Expiry = "timeout" | "aborted";

/**
 * Whoever is told when a wait expires.
 *
 * @internal
 */
export interface ExpiryOwner {
  /** `wait`'s timer fired or its signal aborted. */
  expired(wait: TimedWait, why: Expiry): void;
}

/**
 * A send with an optional timeout and abort signal.
 *
 * @internal
 */
export abstract class TimedWait implements Waiter<Head> {
  readonly entry: HandlerEntry;
  readonly payload: unknown;
  readonly priority: boolean;
  waiting = false;
  /** Forwarded by a supervisor: a refusal is quiet and recorded (see `forwarding.ts`). */
  forwarded = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #signal: AbortSignal | undefined;
  #onAbort: (() => void) | undefined;

  /**
   * @param entry - the handler
   * @param payload - the payload
   * @param priority - whether it goes to the priority channel
   */
  constructor(entry: HandlerEntry, payload: unknown, priority: boolean) {
    this.entry = entry;
    this.payload = payload;
    this.priority = priority;
  }

  /** What the message is queued as: the handler entry (tell) or the ask record. */
  abstract get head(): Head;

  /** The message was queued. */
  abstract admit(): void;

  /** Ends the wait with `result` (an error): refused, timed out or aborted. */
  abstract reject(result: Result<never, ActorError>): void;

  /** The abort signal's reason, once aborted. */
  get abortReason(): unknown {
    return this.#signal?.reason;
  }

  /**
   * Starts the timer and listens to the signal.
   *
   * @param owner - told on expiry
   * @param timeout - ms, or `undefined`/non-finite for none
   * @param signal - an abort signal
   */
  arm(owner: ExpiryOwner, timeout: number | undefined, signal: AbortSignal | undefined): void {
    if (timeout !== undefined && Number.isFinite(timeout)) {
      this.#timer = setTimeout(() => owner.expired(this, "timeout"), Math.max(0, timeout));
    }
    if (signal !== undefined) {
      const onAbort = (): void => owner.expired(this, "aborted");
      this.#signal = signal;
      this.#onAbort = onAbort;
      signal.addEventListener("abort", onAbort, { once: true });
    }
  }

  /** Stops the timer and the signal listener. */
  disarm(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#onAbort !== undefined) {
      this.#signal?.removeEventListener("abort", this.#onAbort);
      this.#onAbort = undefined;
    }
  }
}
