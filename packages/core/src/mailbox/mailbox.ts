/**
 * The bounded mailbox of one actor: a regular channel and an optional priority channel, each a
 * ring buffer with its own bound and its own queue of senders waiting for room. A record is
 * `(head, payload?)`, where the runtime decides what `head` is (the handler of a tell, the
 * record of an ask). Taking a message frees a slot, which the oldest waiter of that channel
 * takes at once, so waiting senders keep their order and never overtake each other. The priority
 * channel is drained first.
 */
import { type RecordHead, Ring, type Slot2 } from "./ring.ts";
import { WaitQueue } from "./wait-queue.ts";
import type { Waiter } from "./waiter.ts";

/**
 * A bounded two-channel mailbox of `(head, payload)` records.
 *
 * @internal
 * @example
 * ```ts
 * const mailbox = new Mailbox<Head>(32, 32);
 * if (!mailbox.offer(entry, payload, false)) mailbox.wait(waiter);
 * ```
 */
export class Mailbox<H extends RecordHead> {
  readonly #regular = new Ring<H>();
  #priority: Ring<H> | undefined;
  readonly #capacity: number;
  readonly #priorityCapacity: number;
  #waiting: WaitQueue<H> | undefined;
  #priorityWaiting: WaitQueue<H> | undefined;
  #waitersGone: (() => void) | undefined;

  /**
   * @param capacity - bound of the regular channel
   * @param priorityCapacity - bound of the priority channel
   */
  constructor(capacity: number, priorityCapacity: number) {
    this.#capacity = capacity;
    this.#priorityCapacity = priorityCapacity;
  }

  /** Messages queued on both channels. */
  get size(): number {
    return this.#regular.size + (this.#priority?.size ?? 0);
  }

  /** Queues a message if its channel has room; false when full. */
  offer(head: H, payload: unknown, priority: boolean): boolean {
    if (!priority) {
      if (this.#regular.size >= this.#capacity) return false;
      this.#regular.push(head, payload);
      return true;
    }
    if (this.#priority === undefined) this.#priority = new Ring();
    const ring = this.#priority;
    if (ring.size >= this.#priorityCapacity) return false;
    ring.push(head, payload);
    return true;
  }

  /** Whether the regular channel has room. */
  hasRoom(): boolean {
    return this.#regular.size < this.#capacity;
  }

  /** Queues a sender to wait for room on its channel. */
  wait(waiter: Waiter<H>): void {
    if (waiter.priority) {
      this.#priorityWaiting ??= new WaitQueue();
      this.#priorityWaiting.push(waiter);
    } else {
      this.#waiting ??= new WaitQueue();
      this.#waiting.push(waiter);
    }
  }

  /** Withdraws a waiting sender; false when it was no longer waiting. */
  cancel(waiter: Waiter<H>): boolean {
    const queue = waiter.priority ? this.#priorityWaiting : this.#waiting;
    const cancelled = queue?.cancel(waiter) === true;
    if (cancelled) this.#checkWaitersGone();
    return cancelled;
  }

  /**
   * Removes the next message (priority channel first) into `out`; false when both are empty.
   * The freed slot goes to the oldest waiter of that channel.
   */
  take(out: Slot2<H>): boolean {
    const priority = this.#priority;
    if (priority?.shiftInto(out)) {
      if (this.#priorityWaiting !== undefined) this.#admit(this.#priorityWaiting, priority);
      return true;
    }
    if (!this.#regular.shiftInto(out)) return false;
    if (this.#waiting !== undefined) this.#admit(this.#waiting, this.#regular);
    return true;
  }

  /** Removes every queued message, priority channel first, calling `visit` on each in order. */
  drain(visit: (head: H, payload: unknown, priority: boolean) => void): void {
    this.#priority?.drain((head, payload) => visit(head, payload, true));
    this.#regular.drain((head, payload) => visit(head, payload, false));
  }

  /** Hands every waiting sender (oldest first, priority channel first) to `visit`. */
  refuseWaiters(visit: (waiter: Waiter<H>) => void): void {
    for (const queue of [this.#priorityWaiting, this.#waiting]) {
      if (queue === undefined) continue;
      for (let waiter = queue.shift(); waiter !== undefined; waiter = queue.shift()) visit(waiter);
    }
    this.#checkWaitersGone();
  }

  /**
   * A promise that resolves once no sender is waiting for room (all admitted or withdrawn), or
   * `undefined` when none is waiting now.
   */
  whenWaitersGone(): Promise<void> | undefined {
    if (this.#liveWaiters() === 0) return undefined;
    return new Promise<void>((resolve) => {
      const previous = this.#waitersGone;
      this.#waitersGone = () => {
        previous?.();
        resolve();
      };
    });
  }

  #admit(queue: WaitQueue<H>, ring: Ring<H>): void {
    if (queue.live === 0) return;
    const waiter = queue.shift();
    if (waiter !== undefined) {
      ring.push(waiter.head, waiter.payload);
      waiter.admit();
    }
    this.#checkWaitersGone();
  }

  #liveWaiters(): number {
    return (this.#waiting?.live ?? 0) + (this.#priorityWaiting?.live ?? 0);
  }

  #checkWaitersGone(): void {
    const gone = this.#waitersGone;
    if (gone !== undefined && this.#liveWaiters() === 0) {
      this.#waitersGone = undefined;
      gone();
    }
  }
}
