/**
 * Garbage-collection tracking of strong refs. Every strong `ActorRef` is registered here with
 * its owner (the target that counts its strong refs); when the ref is collected, the owner's
 * `refDropped()` runs, and an owner whose count reaches zero stops gracefully — rsActor's "all
 * refs dropped". The registry holds the owner, never the ref.
 *
 * Finalizers run some time after a collection. An owner that keeps a `WeakRef` to a ref it issued
 * can notice that ref's death first (its `deref()` fails) and `untrackStrongRef` it, so that its
 * count does not lag behind: otherwise a weak ref that upgrades in a loop (an `onRun` poller)
 * could keep resurrecting an actor that nothing references.
 */

/**
 * Something that counts its strong refs.
 *
 * @internal
 */
export interface RefOwner {
  /** One of the owner's strong refs was garbage-collected. */
  refDropped(): void;
}

const registry = new FinalizationRegistry<RefOwner>((owner) => {
  owner.refDropped();
});

/**
 * Calls `owner.refDropped()` once `ref` has been garbage-collected.
 *
 * @internal
 * @param ref - a strong ref just created
 * @param owner - the target that counts it
 * @param token - an object to untrack it by later (typically a `WeakRef` to it)
 * @example
 * ```ts
 * const ref = new ActorRef(cell);
 * cell.refs += 1;
 * trackStrongRef(ref, cell);
 * ```
 */
export function trackStrongRef(ref: object, owner: RefOwner, token?: object): void {
  if (token === undefined) registry.register(ref, owner);
  else registry.register(ref, owner, token);
}

/**
 * Stops tracking the ref registered with `token`; true when its finalizer had not run yet (so
 * the caller counts the drop itself), false when it already had.
 *
 * @internal
 * @param token - the token given to `trackStrongRef`
 * @example
 * ```ts
 * if (weak.deref() === undefined && untrackStrongRef(weak)) cell.refDropped();
 * ```
 */
export function untrackStrongRef(token: object): boolean {
  return registry.unregister(token);
}
