/**
 * `deferred(promise)`: how a handler answers an `ask` later without blocking its mailbox
 * (rsActor's `ask_join`). The runtime does not await it; it goes on with the next message and
 * answers the ask when the promise settles.
 */

/**
 * A reply that arrives later. Returned by {@link deferred}; the runtime recognises it and the
 * types unwrap it, so `ask` is typed by the promise's value.
 */
export class Deferred<T> {
  /** The promise whose settlement answers the ask. */
  readonly promise: Promise<T>;

  /** @param promise - the eventual reply */
  constructor(promise: Promise<T>) {
    this.promise = promise;
  }
}

/**
 * Wraps a promise so that a handler can return it without the runtime awaiting it. The `ask` is
 * answered when it settles (a rejection answers `"handler-failed"` and does not crash the
 * actor); the actor handles the next message at once. A reply still unsettled when the actor has
 * ended is answered `"stopped"`.
 *
 * @param promise - the eventual reply
 * @example
 * ```ts
 * class Flusher extends Actor {
 *   flush(): Deferred<number> {
 *     return deferred(this.sendBatch()); // the mailbox keeps moving while it uploads
 *   }
 *   private async sendBatch(): Promise<number> { return 42; }
 * }
 * const sent = await flusher.ask("flush"); // Result<number, ActorError>
 * ```
 */
export function deferred<T>(promise: Promise<T>): Deferred<T> {
  return new Deferred(promise);
}
