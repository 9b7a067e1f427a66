/**
 * tsActor's supervision as measured: the counting actor under `supervise` (its `sup.ref`
 * driven exactly as a plain ref in the tell workload), and a fragile actor whose crash is
 * followed by an ask the next incarnation answers (restart at once: `backoff.initialMs` 0).
 * `supervise` is looked up at run time, so that these rows say "n/a" until `@tsactor/core`
 * exports it.
 */
import * as core from "@tsactor/core";
import { Actor, type ActorRef } from "@tsactor/core";
import { BenchCounter } from "../actors/tsactor.ts";
import { type ActorImpl, type BenchActor, countdown } from "../actors/types.ts";
import type { Figures } from "../types.ts";

/** The part of `supervise` this file uses. */
type Supervise = <A>(
  actorClass: new () => A,
  args: unknown,
  options: Record<string, unknown>,
) => { readonly ref: ActorRef<A>; stop(): Promise<void> };

/** `supervise`, or why it is not there. */
export function findSupervise(): Supervise | string {
  const value: unknown = (core as Record<string, unknown>).supervise;
  return typeof value === "function"
    ? (value as Supervise)
    : "@tsactor/core exports no supervise yet";
}

/** The counting actor behind `sup.ref`, as an implementation for the tell workload. */
export function supervisedImpl(supervise: Supervise): ActorImpl {
  return {
    label: "tsActor sup.ref",
    boundedMailbox: true,
    notes: {},
    counter: (options): BenchActor => {
      const { done, tick } = countdown(options.target);
      const sup = supervise(
        BenchCounter,
        { tick },
        { spawnOptions: { mailboxCapacity: options.capacity } },
      );
      const { ref } = sup;
      return {
        done,
        tell: () => {
          void ref.tell("inc");
        },
        send: () => ref.tell("inc"),
        ask: async (n) => {
          const reply = await ref.ask("echo", n);
          if (!reply.ok) throw reply.error;
          return reply.value;
        },
        stop: () => sup.stop(),
      };
    },
    spawnIdle: () => undefined,
  };
}

/** An actor that crashes on demand and counts pings since it started. */
class Fragile extends Actor {
  pings = 0;

  crash(): void {
    throw new Error("crash on purpose");
  }

  ping(): number {
    const seen = this.pings;
    this.pings += 1;
    return seen;
  }
}

/** µs per round of (crashing ask, ask answered by the next incarnation) over `n` rounds. */
export async function tsactorRestart(supervise: Supervise, n: number): Promise<Figures> {
  const warmup = Math.max(1, Math.floor(n / 10));
  const sup = supervise(Fragile, undefined, {
    restart: "on-failure",
    maxRestarts: (n + warmup) * 2,
    withinMs: 600_000,
    backoff: { initialMs: 0 },
  });
  const round = async (): Promise<void> => {
    const crashed = await sup.ref.ask("crash");
    if (crashed.ok) throw new Error("the crash did not fail");
    const pinged = await sup.ref.ask("ping");
    if (!pinged.ok) throw pinged.error;
    if (pinged.value !== 0)
      throw new Error(`the ping reached an old incarnation (${pinged.value})`);
  };
  for (let i = 0; i < warmup; i++) await round();
  const start = performance.now();
  for (let i = 0; i < n; i++) await round();
  const elapsed = performance.now() - start;
  await sup.stop();
  return { usPerRestart: (elapsed * 1000) / n };
}
