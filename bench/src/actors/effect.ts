/**
 * Effect (v4) as a peer: an actor is a `Queue` consumed by a forked fiber running
 * `Queue.take` for ever. Tell is `Queue.offerUnsafe`; a bounded queue's `send` falls back to
 * `Queue.offer` (which suspends until there is room) when the queue is full; `ask` carries a
 * promise resolver in the message, as a caller outside Effect would.
 */
import { Effect, Fiber, Queue } from "effect";
import { type ActorImpl, type BenchActor, type CounterOptions, countdown } from "./types.ts";

type BenchMessage = { readonly n: number; readonly reply: ((n: number) => void) | undefined };

const INC: BenchMessage = { n: 0, reply: undefined };

function counter(options: CounterOptions): BenchActor {
  const { done, tick } = countdown(options.target);
  const queue = Effect.runSync(Queue.bounded<BenchMessage>(options.capacity));
  const handle = (message: BenchMessage): void => {
    if (message.reply === undefined) tick();
    else message.reply(message.n + 1);
  };
  const fiber = Effect.runFork(Effect.forever(Effect.map(Queue.take(queue), handle)));
  return {
    done,
    tell: () => {
      Queue.offerUnsafe(queue, INC);
    },
    send: () =>
      Queue.offerUnsafe(queue, INC) ? undefined : Effect.runPromise(Queue.offer(queue, INC)),
    ask: (n) =>
      new Promise<number>((reply) => {
        Queue.offerUnsafe(queue, { n, reply });
      }),
    stop: () => Effect.runPromise(Fiber.interrupt(fiber)),
  };
}

function spawnIdle(): unknown {
  const queue = Effect.runSync(Queue.unbounded<BenchMessage>());
  const fiber = Effect.runFork(Effect.forever(Queue.take(queue)));
  return { queue, fiber };
}

/** The Effect implementation. */
export const effect: ActorImpl = {
  label: "effect",
  boundedMailbox: true,
  notes: { ask: "reply through a promise resolver in the message" },
  counter,
  spawnIdle,
};
