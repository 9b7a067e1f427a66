/**
 * An `ask` with a timeout or an abort signal. It is its own reply slot: the first settlement
 * wins (the reply, or `"timeout"`/`"aborted"`), and a reply that arrives after the caller gave up
 * is reported by the cell as a dead letter (`"reply-dropped"`). While the mailbox is full it also
 * waits for room, like a tell.
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import type { HandlerEntry } from "./handlers.ts";
import type { AskRecord } from "./reply.ts";
import { TimedWait } from "./timed-wait.ts";

/**
 * A request whose caller may stop waiting.
 *
 * @internal
 * @example
 * ```ts
 * const ask = new PendingAsk(entry, payload, false, resolve);
 * ask.arm(cell, 1000, undefined);
 * ```
 */
export class PendingAsk extends TimedWait implements AskRecord {
  readonly isAsk = true as const;
  readonly hasPayload = false as const;
  #resolve: ((result: Result<unknown, ActorError>) => void) | undefined;

  /**
   * @param entry - the handler
   * @param payload - the payload
   * @param priority - whether it goes to the priority channel
   * @param resolve - resolves the ask's promise
   */
  constructor(
    entry: HandlerEntry,
    payload: unknown,
    priority: boolean,
    resolve: (result: Result<unknown, ActorError>) => void,
  ) {
    super(entry, payload, priority);
    this.#resolve = resolve;
  }

  get head(): PendingAsk {
    return this;
  }

  /** Queued; the timer keeps running, as the timeout covers the whole round trip. */
  admit(): void {}

  /** True once answered or given up. */
  get settled(): boolean {
    return this.#resolve === undefined;
  }

  /** Answers the ask; false when it was already settled (the caller gave up). */
  settle(result: Result<unknown, ActorError>): boolean {
    const resolve = this.#resolve;
    if (resolve === undefined) return false;
    this.#resolve = undefined;
    this.disarm();
    resolve(result);
    return true;
  }

  /** Ends the ask with `result` (an error). */
  reject(result: Result<never, ActorError>): void {
    this.settle(result);
  }
}
