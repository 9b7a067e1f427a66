/**
 * tell: one actor, `n` fire-and-forget messages sent in a tight loop, timed until the last
 * one is handled. The mailbox is as deep as `n`, so no implementation has to wait; a
 * warm-up of a tenth as many messages on another actor runs first.
 */
import type { ActorImpl } from "../actors/types.ts";
import type { Figures } from "../types.ts";

async function once(impl: ActorImpl, n: number): Promise<number> {
  const actor = impl.counter({ target: n, capacity: n });
  const start = performance.now();
  for (let i = 0; i < n; i++) actor.tell();
  await actor.done;
  const elapsed = performance.now() - start;
  await actor.stop();
  return elapsed;
}

/** Measures tell throughput: `msgsPerSec`. */
export async function tellWorkload(impl: ActorImpl, n: number): Promise<Figures> {
  await once(impl, Math.max(1, Math.floor(n / 10)));
  const ms = await once(impl, n);
  return { msgsPerSec: n / (ms / 1000) };
}
