/**
 * Promise creation without a closure per call: one shared executor stores the resolver in a
 * module variable, and the caller takes it right after `new Promise`. Used on the hot `ask` path,
 * where the runtime must hand a resolver to the mailbox.
 */

type Resolver = (value: never) => void;

let captured: Resolver | undefined;

function capture(resolve: Resolver): void {
  captured = resolve;
}

/**
 * A new pending promise; call {@link takeResolver} immediately after to get its resolver.
 *
 * @internal
 * @example
 * ```ts
 * const promise = pendingPromise<number>();
 * const resolve = takeResolver<number>();
 * ```
 */
export function pendingPromise<T>(): Promise<T> {
  return new Promise<T>(capture);
}

/**
 * The resolver of the promise {@link pendingPromise} just created.
 *
 * @internal
 * @example
 * ```ts
 * const resolve = takeResolver<number>();
 * resolve(42);
 * ```
 */
export function takeResolver<T>(): (value: T) => void {
  const resolve = captured as ((value: T) => void) | undefined;
  captured = undefined;
  if (resolve === undefined) throw new Error("takeResolver called without pendingPromise");
  return resolve;
}
