/**
 * xstate v5 as a peer: each actor is `createActor(fromTransition(...)).start()`. xstate has
 * no request/reply, so `ask` carries a reply callback in the event and the transition calls
 * it; its mailbox is unbounded, so `send` never waits.
 */
import { createActor, fromTransition } from "xstate";
import { type ActorImpl, type BenchActor, type CounterOptions, countdown } from "./types.ts";

type BenchEvent =
  | { readonly type: "inc" }
  | { readonly type: "echo"; readonly n: number; readonly reply: (n: number) => void };

const INC: BenchEvent = { type: "inc" };

function counter(options: CounterOptions): BenchActor {
  const { done, tick } = countdown(options.target);
  const logic = fromTransition((count: number, event: BenchEvent) => {
    if (event.type === "inc") {
      tick();
      return count + 1;
    }
    event.reply(event.n + 1);
    return count;
  }, 0);
  const actor = createActor(logic).start();
  return {
    done,
    tell: () => actor.send(INC),
    send: () => {
      actor.send(INC);
      return undefined;
    },
    ask: (n) =>
      new Promise<number>((reply) => {
        actor.send({ type: "echo", n, reply });
      }),
    stop: async () => {
      actor.stop();
    },
  };
}

const idleLogic = fromTransition((count: number) => count, 0);

/** The xstate implementation. */
export const xstate: ActorImpl = {
  label: "xstate",
  boundedMailbox: false,
  notes: {
    ask: "no ask in xstate: reply callback in the event",
    fanIn: "unbounded mailbox: senders never wait",
  },
  counter,
  spawnIdle: () => createActor(idleLogic).start(),
};
