/**
 * spawn: `n` idle actors spawned in a loop and held in an array; ms until all are spawned
 * and one macrotask turn has let their start-up run, and heap bytes per actor, from full
 * collections before and after while they are still held. A tenth as many are spawned
 * first (and kept) to warm the code up.
 */
import type { ActorImpl } from "../actors/types.ts";
import type { Figures } from "../types.ts";
import { heapAfterGc, nextTurn } from "./settle.ts";

/** Keeps the spawned actors (and the warm-up's) reachable until the figures are out. */
let held: unknown[] = [];
const warm: unknown[] = [];

/** Measures spawning: `ms` and `bytesPerActor`. */
export async function spawnWorkload(impl: ActorImpl, n: number): Promise<Figures> {
  for (let i = 0; i < Math.max(1, Math.floor(n / 10)); i++) warm.push(impl.spawnIdle(n + i));
  held = new Array<unknown>(n).fill(undefined);
  await nextTurn();
  const before = heapAfterGc();
  const start = performance.now();
  for (let i = 0; i < n; i++) held[i] = impl.spawnIdle(i);
  await nextTurn();
  const ms = performance.now() - start;
  const after = heapAfterGc();
  const alive = held.filter((actor) => actor !== undefined).length;
  if (alive !== n) throw new Error(`only ${alive} of ${n} actors were held`);
  return { ms, bytesPerActor: (after - before) / n };
}
