/**
 * nact as a peer: stateful actors from `spawn` under one actor system, `dispatch` for tell,
 * `query` (with its mandatory timeout) for ask. nact handles each message in its own
 * `setImmediate` turn and has no mailbox bound, so `send` never waits.
 */
import { dispatch, query, type Ref, spawn, start, stop } from "nact";
import { type ActorImpl, type BenchActor, type CounterOptions, countdown } from "./types.ts";

type BenchMessage =
  | { readonly type: "inc" }
  | { readonly type: "echo"; readonly n: number; readonly sender: Ref<number> };

const INC: BenchMessage = { type: "inc" };
const QUERY_TIMEOUT_MS = 60_000;

const system = start();
let counters = 0;

function counter(options: CounterOptions): BenchActor {
  const { done, tick } = countdown(options.target);
  const actor = spawn(
    system,
    (count: number, message: BenchMessage) => {
      if (message.type === "inc") {
        tick();
        return count + 1;
      }
      dispatch(message.sender, message.n + 1);
      return count;
    },
    `counter-${counters++}`,
    { initialState: 0 },
  );
  return {
    done,
    tell: () => dispatch(actor, INC),
    send: () => {
      dispatch(actor, INC);
      return undefined;
    },
    ask: (n) =>
      query(
        actor,
        (sender: Ref<number>): BenchMessage => ({ type: "echo", n, sender }),
        QUERY_TIMEOUT_MS,
      ),
    stop: async () => {
      stop(actor);
    },
  };
}

/** The nact implementation. */
export const nact: ActorImpl = {
  label: "nact",
  boundedMailbox: false,
  notes: {
    ask: "query() arms a timeout timer per ask",
    fanIn: "unbounded mailbox: senders never wait",
  },
  counter,
  spawnIdle: (index) =>
    spawn(system, (count: number) => count, `idle-${index}`, { initialState: 0 }),
};
