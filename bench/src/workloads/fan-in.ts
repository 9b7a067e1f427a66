/**
 * fan-in: `senders` async senders each send `n` messages to one actor whose mailbox holds
 * `capacity`, awaiting each send, so that a bounded mailbox makes them wait (backpressure);
 * total msgs/s until the last message is handled.
 */
import type { ActorImpl } from "../actors/types.ts";
import type { Figures } from "../types.ts";

async function sender(send: () => Promise<unknown> | undefined, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await send();
}

async function once(
  impl: ActorImpl,
  senders: number,
  n: number,
  capacity: number,
): Promise<number> {
  const actor = impl.counter({ target: senders * n, capacity });
  const send = (): Promise<unknown> | undefined => actor.send();
  const start = performance.now();
  const running: Array<Promise<void>> = [];
  for (let s = 0; s < senders; s++) running.push(sender(send, n));
  await Promise.all(running);
  await actor.done;
  const elapsed = performance.now() - start;
  await actor.stop();
  return elapsed;
}

/** Measures fan-in throughput with backpressure: `msgsPerSec`. */
export async function fanInWorkload(
  impl: ActorImpl,
  senders: number,
  n: number,
  capacity: number,
): Promise<Figures> {
  await once(impl, senders, Math.max(1, Math.floor(n / 10)), capacity);
  const ms = await once(impl, senders, n, capacity);
  return { msgsPerSec: (senders * n) / (ms / 1000) };
}
