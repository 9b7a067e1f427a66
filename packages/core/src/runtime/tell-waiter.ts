/**
 * A `tell` waiting for mailbox room: resolved `ok` once admitted, or with an error when refused
 * (the actor stops), timed out or aborted.
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import { OK } from "../result/outcomes.ts";
import type { HandlerEntry } from "./handlers.ts";
import { TimedWait } from "./timed-wait.ts";

/**
 * A tell blocked by backpressure.
 *
 * @internal
 * @example
 * ```ts
 * const waiter = new TellWaiter(entry, payload, false, resolve);
 * mailbox.wait(waiter);
 * ```
 */
export class TellWaiter extends TimedWait {
  readonly #resolve: (result: Result<void, ActorError>) => void;

  /**
   * @param entry - the handler
   * @param payload - the payload
   * @param priority - whether it goes to the priority channel
   * @param resolve - resolves the tell's promise
   */
  constructor(
    entry: HandlerEntry,
    payload: unknown,
    priority: boolean,
    resolve: (result: Result<void, ActorError>) => void,
  ) {
    super(entry, payload, priority);
    this.#resolve = resolve;
  }

  get head(): HandlerEntry {
    return this.payload === undefined ? this.entry : this.entry.withPayload;
  }

  admit(): void {
    this.disarm();
    this.#resolve(OK);
  }

  /** Ends the tell with `result` (an error). */
  reject(result: Result<never, ActorError>): void {
    this.disarm();
    this.#resolve(result);
  }
}
