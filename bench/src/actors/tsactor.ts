/**
 * tsActor as measured: `spawn` of an `Actor` class whose public methods are the handlers.
 * Tell is `ref.tell` without awaiting (its fast path returns a settled promise), `send`
 * awaits `ref.tell` (it waits for mailbox space: backpressure), `ask` unwraps the `Result`.
 * The counting mailbox is as deep as the workload asks; the idle actor uses the defaults.
 */
import { Actor, type ActorRef, spawn } from "@tsactor/core";
import {
  type ActorImpl,
  type BenchActor,
  type CounterOptions,
  countdown,
  type ImplLoad,
} from "./types.ts";

/** The counting/echo actor. */
export class BenchCounter extends Actor<{ tick: () => void }> {
  #tick: () => void = () => {};

  onStart(args: { tick: () => void }): void {
    this.#tick = args.tick;
  }

  inc(): void {
    this.#tick();
  }

  echo(n: number): number {
    return n + 1;
  }
}

/** An actor with no state and no handlers. */
class Idle extends Actor {}

function wrap(ref: ActorRef<BenchCounter>, done: Promise<void>): BenchActor {
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
    stop: () => ref.stop(),
  };
}

function counter(options: CounterOptions): BenchActor {
  const { done, tick } = countdown(options.target);
  const [ref] = spawn(BenchCounter, { tick }, { mailboxCapacity: options.capacity });
  return wrap(ref, done);
}

/** The tsActor implementation. */
export const tsactor: ActorImpl = {
  label: "tsActor",
  boundedMailbox: true,
  notes: {},
  counter,
  spawnIdle: () => spawn(Idle)[0],
};

/** Loads the tsActor implementation. */
export async function load(): Promise<ImplLoad> {
  return { ok: true, impl: tsactor };
}
