/**
 * Ask records: what an accepted `ask` is queued as, and how it is answered. The mailbox holds
 * `(head, payload)` records; for a tell the head is the handler entry itself, for an ask it is an
 * `AskRecord` that carries the entry and settles the caller's promise. On the fast path (no
 * timeout, no signal) that is a small `QuickAsk`; otherwise a `PendingAsk`, which also knows
 * whether the caller is still waiting.
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import type { HandlerEntry } from "./handlers.ts";

/**
 * An accepted ask, as queued.
 *
 * @internal
 */
export interface AskRecord {
  readonly isAsk: true;
  /** An ask record carries its payload itself, so no payload slot follows it. */
  readonly hasPayload: false;
  /** The handler to call. */
  readonly entry: HandlerEntry;
  /** The payload. */
  readonly payload: unknown;
  /** Answers the ask; false when its caller had already given up (timeout, abort). */
  settle(result: Result<unknown, ActorError>): boolean;
}

/**
 * The first slot of a mailbox record: a tell's handler entry, or an ask's record.
 *
 * @internal
 */
export type Head = HandlerEntry | AskRecord;

/**
 * An ask without a timeout or signal: its caller always waits for the answer.
 *
 * @internal
 * @example
 * ```ts
 * const promise = pendingPromise<Result<unknown, ActorError>>();
 * mailbox.offer(new QuickAsk(entry, payload, takeResolver()), undefined, false);
 * ```
 */
export class QuickAsk implements AskRecord {
  readonly isAsk = true as const;
  readonly hasPayload = false as const;
  readonly entry: HandlerEntry;
  readonly payload: unknown;
  readonly #resolve: (result: Result<unknown, ActorError>) => void;

  /**
   * @param entry - the handler
   * @param payload - the payload
   * @param resolve - resolves the ask's promise
   */
  constructor(
    entry: HandlerEntry,
    payload: unknown,
    resolve: (result: Result<unknown, ActorError>) => void,
  ) {
    this.entry = entry;
    this.payload = payload;
    this.#resolve = resolve;
  }

  settle(result: Result<unknown, ActorError>): boolean {
    this.#resolve(result);
    return true;
  }
}
