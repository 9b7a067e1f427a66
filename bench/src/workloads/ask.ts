/**
 * ask: `n` sequential request/replies to one actor, each awaited before the next is sent;
 * µs per round trip. A warm-up of a tenth as many runs first.
 */
import type { ActorImpl, BenchActor } from "../actors/types.ts";
import type { Figures } from "../types.ts";

async function rounds(actor: BenchActor, n: number): Promise<void> {
  let value = 0;
  for (let i = 0; i < n; i++) value = await actor.ask(value);
  if (value !== n) throw new Error(`ask answered ${value}, expected ${n}`);
}

/** Measures request/reply latency: `usPerAsk`. */
export async function askWorkload(impl: ActorImpl, n: number): Promise<Figures> {
  const actor = impl.counter({ target: 0, capacity: 32 });
  await rounds(actor, Math.max(1, Math.floor(n / 10)));
  const start = performance.now();
  await rounds(actor, n);
  const elapsed = performance.now() - start;
  await actor.stop();
  return { usPerAsk: (elapsed * 1000) / n };
}
