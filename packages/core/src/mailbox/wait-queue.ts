/**
 * A FIFO of senders waiting for mailbox space, with O(1) cancellation: a cancelled waiter is
 * only marked (`waiting = false`) and skipped when reached, and the array is compacted once
 * skipped entries dominate.
 */
import type { RecordHead } from "./ring.ts";
import type { Waiter } from "./waiter.ts";

/**
 * Waiting senders of one channel, oldest first.
 *
 * @internal
 * @example
 * ```ts
 * const queue = new WaitQueue<Head>();
 * queue.push(waiter);
 * queue.shift(); // waiter
 * ```
 */
export class WaitQueue<H extends RecordHead> {
  #items: Array<Waiter<H> | undefined> = [];
  #head = 0;
  #live = 0;

  /** Waiters still waiting. */
  get live(): number {
    return this.#live;
  }

  /** Appends a waiter and marks it waiting. */
  push(waiter: Waiter<H>): void {
    waiter.waiting = true;
    this.#items.push(waiter);
    this.#live += 1;
  }

  /** Removes and returns the oldest live waiter (marked no longer waiting). */
  shift(): Waiter<H> | undefined {
    const items = this.#items;
    while (this.#head < items.length) {
      const waiter = items[this.#head];
      items[this.#head] = undefined;
      this.#head += 1;
      if (waiter?.waiting === true) {
        waiter.waiting = false;
        this.#live -= 1;
        this.#compact();
        return waiter;
      }
    }
    this.#compact();
    return undefined;
  }

  /** Takes a waiter out of the queue; false when it was not waiting. */
  cancel(waiter: Waiter<H>): boolean {
    if (!waiter.waiting) return false;
    waiter.waiting = false;
    this.#live -= 1;
    if (this.#live === 0) {
      this.#items.length = 0;
      this.#head = 0;
    }
    return true;
  }

  #compact(): void {
    const items = this.#items;
    if (this.#head === items.length) {
      items.length = 0;
      this.#head = 0;
    } else if (this.#head > 64 && this.#head * 2 > items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
  }
}
