/**
 * The hand-written baseline: an object with an array queue drained in one microtask, `ask`
 * through a promise resolver carried in the message, and a bounded mailbox whose senders
 * wait on a resolver list. It does nothing a real runtime must (no lifecycle, no errors, no
 * awaiting of handlers), so it marks the practical limit for a JavaScript actor.
 */
import { type ActorImpl, type BenchActor, type CounterOptions, countdown } from "./types.ts";

type Message = { readonly n: number; readonly reply: ((n: number) => void) | undefined };

const INC: Message = { n: 0, reply: undefined };
const SETTLED: Promise<void> = Promise.resolve();
const noop = (): void => {};

/** A minimal actor: array mailbox, one microtask drains it. */
class BaselineActor implements BenchActor {
  readonly done: Promise<void>;
  #queue: Message[] = [];
  #head = 0;
  #scheduled = false;
  #capacity: number;
  #waiters: Array<() => void> = [];
  #tick: () => void;

  constructor(capacity: number, done: Promise<void>, tick: () => void) {
    this.done = done;
    this.#tick = tick;
    this.#capacity = capacity;
  }

  tell(): void {
    this.#enqueue(INC);
  }

  send(): Promise<unknown> | undefined {
    if (this.#queue.length - this.#head < this.#capacity) {
      this.#enqueue(INC);
      return undefined;
    }
    return new Promise<void>((resolve) => {
      this.#waiters.push(() => {
        this.#enqueue(INC);
        resolve();
      });
    });
  }

  ask(n: number): Promise<number> {
    return new Promise<number>((resolve) => {
      this.#enqueue({ n, reply: resolve });
    });
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  #enqueue(message: Message): void {
    this.#queue.push(message);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#drain());
    }
  }

  #drain(): void {
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const message = queue[this.#head] as Message;
      this.#head += 1;
      if (message.reply === undefined) this.#tick();
      else message.reply(message.n + 1);
      const waiter = this.#waiters.length > 0 ? this.#waiters.shift() : undefined;
      if (waiter !== undefined) waiter();
    }
    queue.length = 0;
    this.#head = 0;
    this.#scheduled = false;
  }
}

function counter(options: CounterOptions): BaselineActor {
  const { done, tick } = countdown(options.target);
  return new BaselineActor(options.capacity, done, tick);
}

/** An idle baseline actor: the same class, with no countdown of its own. */
function idle(): BaselineActor {
  return new BaselineActor(32, SETTLED, noop);
}

/** The baseline implementation. */
export const baseline: ActorImpl = {
  label: "baseline",
  boundedMailbox: true,
  notes: { tell: "hand-written limit: array queue, one microtask" },
  counter,
  spawnIdle: () => idle(),
};
