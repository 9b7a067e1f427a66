/**
 * Type-level plumbing that turns an actor class into its message protocol: which names are
 * handlers (its public methods and function-valued fields, minus the lifecycle hooks), what
 * payload each takes, and what an `ask` of each replies. Nothing here exists at run time.
 */
import type { Deferred } from "../deferred.ts";

/** The lifecycle hooks, which are never messages. */
export type HookName = "onStart" | "onRun" | "onStop";

type AnyFunction = (...args: never[]) => unknown;

/**
 * The message names of actor `A`: its public methods and function-valued public fields, except
 * the lifecycle hooks.
 *
 * @example
 * ```ts
 * type Names = HandlerName<Counter>; // "increment" | "get_"
 * ```
 */
export type HandlerName<A> = {
  [K in keyof A]-?: K extends HookName
    ? never
    : K extends string
      ? A[K] extends AnyFunction
        ? K
        : never
      : never;
}[keyof A];

type ParamsOf<F> = F extends (...args: infer P) => unknown ? P : never;

type PayloadSlot<P> = P extends readonly []
  ? [payload?: undefined]
  : P extends readonly [infer X, ...unknown[]]
    ? undefined extends X
      ? [payload?: X]
      : [payload: X]
    : P extends readonly [(infer X)?, ...unknown[]]
      ? [payload?: X]
      : [payload?: unknown];

/**
 * The payload argument of handler `K` as a tuple: `[payload: P]`, or `[payload?: P]` when the
 * handler takes none or its payload accepts `undefined`.
 *
 * @example
 * ```ts
 * type P = PayloadArgs<Counter, "increment">; // [payload: number]
 * ```
 */
export type PayloadArgs<A, K extends keyof A> = PayloadSlot<ParamsOf<A[K]>>;

/**
 * The payload type of handler `K` (`undefined` when it takes none).
 *
 * @example
 * ```ts
 * type P = PayloadOf<Counter, "increment">; // number
 * ```
 */
export type PayloadOf<A, K extends keyof A> = PayloadArgs<A, K>[0];

type UnwrapDeferred<R> = R extends Deferred<infer T> ? T : R;

/**
 * What an `ask` of handler `K` replies: the handler's return type, awaited, with a `deferred`
 * reply unwrapped to its promise's value. A returned `Result` is kept as it is.
 *
 * @example
 * ```ts
 * type R = ReplyOf<Counter, "increment">; // number
 * ```
 */
export type ReplyOf<A, K extends keyof A> = A[K] extends (...args: never[]) => infer R
  ? UnwrapDeferred<Awaited<R>>
  : never;

/**
 * Options for `tell`.
 *
 * @example
 * ```ts
 * await ref.tell("work", job, { timeout: 500, priority: true });
 * ```
 */
export interface TellOptions {
  /** Give up waiting for mailbox space after this many ms (`"timeout"`). */
  readonly timeout?: number;
  /** Abort the wait for mailbox space (`"aborted"`). */
  readonly signal?: AbortSignal;
  /** Send on the priority channel (the actor must be spawned with `priority`). */
  readonly priority?: boolean;
}

/**
 * Options for `ask`.
 *
 * @example
 * ```ts
 * const n = await ref.ask("get_", undefined, { timeout: 1000 });
 * ```
 */
export interface AskOptions {
  /** Give up on the whole round trip after this many ms (`"timeout"`); the handler still runs. */
  readonly timeout?: number;
  /** Abort the wait for the reply (`"aborted"`); the handler still runs if it was accepted. */
  readonly signal?: AbortSignal;
  /** Send on the priority channel (the actor must be spawned with `priority`). */
  readonly priority?: boolean;
}

/**
 * The arguments after the name in `tell(name, payload?, options?)`.
 *
 * @example
 * ```ts
 * type Args = TellArgs<Counter, "increment">; // [payload: number, options?: TellOptions]
 * ```
 */
export type TellArgs<A, K extends keyof A> = [...PayloadArgs<A, K>, options?: TellOptions];

/**
 * The arguments after the name in `ask(name, payload?, options?)`.
 *
 * @example
 * ```ts
 * type Args = AskArgs<Counter, "get_">; // [payload?: undefined, options?: AskOptions]
 * ```
 */
export type AskArgs<A, K extends keyof A> = [...PayloadArgs<A, K>, options?: AskOptions];
