/**
 * Reply slots: how an accepted `ask` is answered. On the fast path (no timeout, no signal) the
 * slot is the bare resolver of the caller's promise; otherwise it is a `PendingAsk`, which knows
 * whether the caller is still waiting.
 */
import type { Result } from "typescript-result";
import type { ActorError } from "../errors/actor-error.ts";
import type { PendingAsk } from "./pending-ask.ts";

/**
 * Resolves an ask's promise.
 *
 * @internal
 */
export type Answer = (result: Result<unknown, ActorError>) => void;

/**
 * Where an ask's answer goes.
 *
 * @internal
 */
export type ReplySlot = Answer | PendingAsk;

/**
 * Answers an ask; false when its caller had already given up (timeout, abort).
 *
 * @internal
 * @param slot - the reply slot
 * @param result - the answer
 * @example
 * ```ts
 * if (!answer(slot, Result.ok(42))) deadLetter("reply-dropped");
 * ```
 */
export function answer(slot: ReplySlot, result: Result<unknown, ActorError>): boolean {
  if (typeof slot === "function") {
    slot(result);
    return true;
  }
  return slot.settle(result);
}
