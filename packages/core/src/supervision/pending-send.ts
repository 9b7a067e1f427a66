/**
 * Sends through `sup.ref` that wait for an incarnation: made during a restart (or while the
 * current incarnation is ending), or re-delivered from a dead incarnation's unprocessed tells.
 * Each keeps its caller's deadline and abort signal, so that the wait counts against the same
 * timeout as a backpressure wait; they are released in order when the next incarnation starts.
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import type { Identity } from "../ref/identity.ts";
import type { AskOptions } from "../ref/message-types.ts";

/**
 * Why a waiting send ended early.
 *
 * @internal
 */
export type PendingExpiry = "timeout" | "aborted";

/**
 * One send waiting for an incarnation.
 *
 * @internal
 */
export class PendingSend {
  readonly ask: boolean;
  readonly name: string;
  readonly payload: unknown;
  readonly priority: boolean;
  readonly signal: AbortSignal | undefined;
  /** `performance.now()` by which the caller's timeout ends, if it has one. */
  readonly deadline: number | undefined;
  /** Who the message names in a dead letter: the supervisor, or the incarnation it came from. */
  readonly identity: Identity;
  readonly #resolve: ((result: Result<unknown, ActorError>) => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #onAbort: (() => void) | undefined;
  /** False once released, refused or expired. */
  waiting = true;

  /**
   * @param ask - an ask (else a tell)
   * @param name - the handler name
   * @param payload - the payload
   * @param options - the caller's options (priority, signal)
   * @param deadline - when the caller's timeout ends
   * @param identity - the identity dead letters name
   * @param resolve - settles the caller's promise; `undefined` for a re-delivered tell
   */
  constructor(
    ask: boolean,
    name: string,
    payload: unknown,
    options: AskOptions | undefined,
    deadline: number | undefined,
    identity: Identity,
    resolve: ((result: Result<unknown, ActorError>) => void) | undefined,
  ) {
    this.ask = ask;
    this.name = name;
    this.payload = payload;
    this.priority = options?.priority === true;
    this.signal = options?.signal;
    this.deadline = deadline;
    this.identity = identity;
    this.#resolve = resolve;
  }

  /**
   * Starts the timeout and listens to the signal.
   *
   * @param onExpire - called once if either fires first
   */
  arm(onExpire: (send: PendingSend, why: PendingExpiry) => void): void {
    if (this.deadline !== undefined) {
      const left = Math.max(0, this.deadline - performance.now());
      this.#timer = setTimeout(() => onExpire(this, "timeout"), left);
    }
    const signal = this.signal;
    if (signal !== undefined) {
      const onAbort = (): void => onExpire(this, "aborted");
      this.#onAbort = onAbort;
      signal.addEventListener("abort", onAbort, { once: true });
    }
  }

  /** The options to forward with: the caller's, with the time left. */
  forwardOptions(): AskOptions | undefined {
    if (this.deadline === undefined && this.signal === undefined && !this.priority)
      return undefined;
    return {
      ...(this.deadline === undefined
        ? {}
        : { timeout: Math.max(0, this.deadline - performance.now()) }),
      ...(this.signal === undefined ? {} : { signal: this.signal }),
      ...(this.priority ? { priority: true } : {}),
    };
  }

  /** Stops waiting (released, refused or expired): clears the timer and the listener. */
  leave(): void {
    this.waiting = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#onAbort !== undefined) this.signal?.removeEventListener("abort", this.#onAbort);
    this.#onAbort = undefined;
  }

  /** Settles the caller's promise (a no-op for a re-delivered tell). */
  settle(result: Result<unknown, ActorError>): void {
    this.#resolve?.(result);
  }
}

/**
 * The waiting sends, oldest first.
 *
 * @internal
 * @example
 * ```ts
 * queue.push(send);
 * for (const next of queue.takeAll()) forward(next);
 * ```
 */
export class PendingQueue {
  #items: PendingSend[] = [];

  /** Sends still waiting. */
  get size(): number {
    let live = 0;
    for (const item of this.#items) if (item.waiting) live += 1;
    return live;
  }

  /** Appends a send. */
  push(send: PendingSend): void {
    this.#items.push(send);
  }

  /** Puts sends, in their order, in front of everything waiting. */
  unshift(sends: PendingSend[]): void {
    this.#items = sends.concat(this.#items);
  }

  /** Removes and returns every send still waiting, oldest first. */
  takeAll(): PendingSend[] {
    const items = this.#items;
    this.#items = [];
    return items.filter((item) => item.waiting);
  }

  /** Drops expired sends once they dominate, so a long restart does not hold them. */
  compact(): void {
    if (this.#items.length > 64 && this.size * 2 < this.#items.length) {
      this.#items = this.#items.filter((item) => item.waiting);
    }
  }
}
