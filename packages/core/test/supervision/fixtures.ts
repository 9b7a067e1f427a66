/**
 * Actors and helpers shared by the supervision tests: a worker that records what it handles in
 * a log shared across incarnations and crashes on negative numbers, and a forced full GC.
 */

import v8 from "node:v8";
import vm from "node:vm";
import { Actor, type ActorRef, type RestartEvent } from "@tsactor/core";

/** What every incarnation of a {@link Worker} writes to. */
export interface WorkerArgs {
  /** `"<generation>:<n>"` per handled `work(n)`. */
  readonly log: string[];
  /** The incarnation number (set through `nextArgs`). */
  readonly generation?: number;
  /** Throw in `onStart` when set. */
  readonly failStart?: boolean;
}

/** Records `work(n)`; throws on a negative `n` (a crash). */
export class Worker extends Actor<WorkerArgs> {
  log: string[] = [];
  generation = 0;
  self: ActorRef<Worker> | undefined;

  onStart(args: WorkerArgs, ref: ActorRef<Worker>): void {
    if (args.failStart === true) throw new Error("start failed");
    this.log = args.log;
    this.generation = args.generation ?? 0;
    this.self = ref;
  }

  work(n: number): number {
    if (n < 0) throw new Error(`crash on ${n}`);
    this.log.push(`${this.generation}:${n}`);
    return n;
  }

  async slow(ms: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    this.log.push(`${this.generation}:slow`);
    return ms;
  }

  crash(): void {
    throw new Error("crash");
  }

  async failAfter(ms: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    throw new Error(`failed after ${ms} ms`);
  }

  generation_(): number {
    return this.generation;
  }

  stopSelf(): void {
    void this.self?.stop();
  }
}

/** Next incarnation: the same log, one generation up. */
export function nextGeneration(last: { actor: Worker | undefined }): WorkerArgs {
  return { log: last.actor?.log ?? [], generation: (last.actor?.generation ?? 0) + 1 };
}

let gcFn: (() => void) | undefined;

/** A full garbage collection (works without `--expose-gc` on the command line). */
export function fullGc(): void {
  if (gcFn === undefined) {
    v8.setFlagsFromString("--expose-gc");
    gcFn = vm.runInNewContext("gc") as () => void;
  }
  gcFn();
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The next `"restart"` event of a supervision. */
export function nextRestart<A>(sup: {
  events: { once(event: "restart", listener: (event: RestartEvent<A>) => void): unknown };
}): Promise<RestartEvent<A>> {
  return new Promise((resolve) => {
    sup.events.once("restart", resolve);
  });
}
