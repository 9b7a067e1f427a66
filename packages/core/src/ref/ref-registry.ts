/**
 * Garbage-collection tracking of strong refs. Every strong `ActorRef` is registered here with
 * its owner (the target that counts its strong refs); when the ref is collected, the owner's
 * `refDropped()` runs, and an owner whose count reaches zero stops gracefully — rsActor's "all
 * refs dropped". The registry holds the owner, never the ref.
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
 * @example
 * ```ts
 * const ref = new ActorRef(cell);
 * cell.refs += 1;
 * trackStrongRef(ref, cell);
 * ```
 */
export function trackStrongRef(ref: object, owner: RefOwner): void {
  registry.register(ref, owner);
}
