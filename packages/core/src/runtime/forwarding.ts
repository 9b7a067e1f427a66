/**
 * The seam between the runtime and a supervisor that forwards sends to its current incarnation.
 * While the supervisor's synchronous forwarding call runs, `forwarding.active` is set; a send
 * that then has to wait for mailbox room is marked as forwarded. If the incarnation refuses it
 * later (it crashed or was killed while the send waited), the refusal is quiet — no dead letter,
 * since the supervisor hands the send to the next incarnation — and its error is recorded, so
 * the supervisor can tell "never accepted" (retry) from "accepted, then discarded" (answer).
 */

/**
 * Whether a supervisor's forwarding call is on the stack.
 *
 * @internal
 * @example
 * ```ts
 * forwarding.active = true;
 * const sent = cell.tell(name, payload, options);
 * forwarding.active = false;
 * ```
 */
export const forwarding: { active: boolean } = { active: false };

const refusals = new WeakSet<object>();

/**
 * Records that `error` refused a forwarded send before it was accepted.
 *
 * @internal
 * @param error - the `"stopped"` error the send was answered with
 * @example
 * ```ts
 * markRefused(result.error);
 * ```
 */
export function markRefused(error: object): void {
  refusals.add(error);
}

/**
 * True when `error` refused a forwarded send before it was accepted: the send may go to the
 * next incarnation without being handled twice.
 *
 * @internal
 * @param error - an error a forwarded send was answered with
 * @example
 * ```ts
 * if (!result.ok && wasRefused(result.error)) retryOnNextIncarnation();
 * ```
 */
export function wasRefused(error: object): boolean {
  return refusals.has(error);
}
