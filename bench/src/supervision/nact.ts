/**
 * nact's restart, the peer of tsActor's `supervise`: an actor whose `onCrash` policy answers
 * `reset` (fresh state, mailbox kept). Each round sends a crashing message, then a query
 * that the reset actor answers; µs per round.
 */
import { dispatch, query, type Ref, spawn, start } from "nact";
import type { Figures } from "../types.ts";

type Message = { readonly type: "crash" } | { readonly type: "ping"; readonly sender: Ref<number> };

const CRASH: Message = { type: "crash" };

/** µs per crash-and-answer round over `n` rounds. */
export async function nactRestart(n: number): Promise<Figures> {
  const system = start();
  const actor = spawn(
    system,
    (count: number, message: Message) => {
      if (message.type === "crash") throw new Error("crash");
      dispatch(message.sender, count);
      return count + 1;
    },
    "worker",
    { initialState: 0, onCrash: (_message, _error, ctx) => ctx.reset },
  );
  const round = async (): Promise<void> => {
    dispatch(actor, CRASH);
    const count = await query(
      actor,
      (sender: Ref<number>): Message => ({ type: "ping", sender }),
      10_000,
    );
    if (count !== 0) throw new Error(`the actor was not reset (state ${count})`);
  };
  for (let i = 0; i < Math.max(1, Math.floor(n / 10)); i++) await round();
  const start_ = performance.now();
  for (let i = 0; i < n; i++) await round();
  const elapsed = performance.now() - start_;
  return { usPerRestart: (elapsed * 1000) / n };
}
