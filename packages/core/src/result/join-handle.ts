/**
 * `JoinHandle<A>`: the second half of what `spawn` returns, a `Promise<ActorResult<A>>` that never
 * rejects. It implements the whole `Promise` interface (`then`, `catch`, `finally`), so `await`,
 * `Promise.all` and `Promise.race` work as usual, but it creates its underlying promise only when
 * first used: an actor nobody awaits pays nothing for it.
 */
import type { ActorResult } from "./actor-result.ts";

/**
 * Where a join handle gets its promise.
 *
 * @internal
 */
export interface JoinSource<A> {
  /** The actor's result promise, created on first call. */
  join(): Promise<ActorResult<A>>;
}

/**
 * Resolves with the actor's {@link ActorResult} when it has ended; never rejects.
 *
 * @example
 * ```ts
 * const [worker, done] = spawn(Worker, args);
 * await worker.stop();
 * const result = await done;
 * if (result.status === "failed") console.error(result.phase, result.error);
 * ```
 */
export class JoinHandle<A> implements Promise<ActorResult<A>> {
  readonly #source: JoinSource<A>;

  /**
   * @internal Join handles come from `spawn`.
   * @param source - the actor behind it
   */
  constructor(source: JoinSource<A>) {
    this.#source = source;
  }

  /**
   * `Promise.prototype.then`.
   *
   * @example
   * ```ts
   * done.then((result) => console.log(result.status));
   * ```
   */
  // biome-ignore lint/suspicious/noThenProperty: a join handle is a promise
  then<T1 = ActorResult<A>, T2 = never>(
    onFulfilled?: ((value: ActorResult<A>) => T1 | PromiseLike<T1>) | null,
    onRejected?: ((reason: unknown) => T2 | PromiseLike<T2>) | null,
  ): Promise<T1 | T2> {
    return this.#source.join().then(onFulfilled, onRejected);
  }

  /**
   * `Promise.prototype.catch` (a join handle never rejects).
   *
   * @example
   * ```ts
   * await done.catch(() => undefined);
   * ```
   */
  catch<T = never>(
    onRejected?: ((reason: unknown) => T | PromiseLike<T>) | null,
  ): Promise<ActorResult<A> | T> {
    return this.#source.join().catch(onRejected);
  }

  /**
   * `Promise.prototype.finally`.
   *
   * @example
   * ```ts
   * await done.finally(() => console.log("ended"));
   * ```
   */
  finally(onFinally?: (() => void) | null): Promise<ActorResult<A>> {
    return this.#source.join().finally(onFinally);
  }

  /** `"JoinHandle"`. */
  get [Symbol.toStringTag](): string {
    return "JoinHandle";
  }
}
