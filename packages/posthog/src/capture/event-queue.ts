/**
 * The FIFO of events waiting to be batched: an array with a moving head (O(1) at both ends,
 * compacted as it empties) that keeps a running total of bytes, so the queue bound and the
 * batch cuts never walk the whole queue.
 */
import type { PendingEvent } from "./pending.ts";

/** A first-in first-out queue of pending events with a byte total. */
export class EventQueue {
  #items: PendingEvent[] = [];
  #head = 0;
  #bytes = 0;

  /** Events queued. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /** Bytes of JSON queued. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Adds an event at the tail.
   *
   * @param event - The event.
   */
  push(event: PendingEvent): void {
    this.#items.push(event);
    this.#bytes += event.bytes;
  }

  /** The oldest event, left in place. */
  peek(): PendingEvent | undefined {
    return this.#items[this.#head];
  }

  /** Removes and returns the oldest event. */
  shift(): PendingEvent | undefined {
    const event = this.#items[this.#head];
    if (event === undefined) return undefined;
    this.#head += 1;
    this.#bytes -= event.bytes;
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return event;
  }

  /** Removes and returns every event, oldest first. */
  takeAll(): PendingEvent[] {
    const all = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    return all;
  }

  /** The events, oldest first, left in place. */
  toArray(): PendingEvent[] {
    return this.#items.slice(this.#head);
  }
}
