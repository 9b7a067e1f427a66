/**
 * A growable ring buffer of three-slot records (handler, payload, reply). Records live side by
 * side in one array, so queuing a message allocates nothing; storage starts small on first use,
 * doubles when full, and is released when a large buffer empties.
 */

/** Slots per record. */
const STRIDE = 3;
/** Records in a freshly allocated buffer. */
const INITIAL_RECORDS = 8;
/** A buffer larger than this many records is released when it empties. */
const RELEASE_ABOVE = 1024;

/**
 * Where `shiftInto` writes the record it removes.
 *
 * @internal
 */
export interface Slot3<A, B, C> {
  a: A | undefined;
  b: B | undefined;
  c: C | undefined;
}

/**
 * FIFO of `(a, b, c)` records.
 *
 * @internal
 * @example
 * ```ts
 * const ring = new Ring<string, number, undefined>();
 * ring.push("inc", 1, undefined);
 * const out = { a: undefined, b: undefined, c: undefined };
 * ring.shiftInto(out); // out.a === "inc"
 * ```
 */
export class Ring<A, B, C> {
  #slots: unknown[] | undefined;
  /** Slot index of the first record. */
  #head = 0;
  #size = 0;

  /** Records queued. */
  get size(): number {
    return this.#size;
  }

  /** Appends a record. */
  push(a: A, b: B, c: C): void {
    let slots = this.#slots;
    if (slots === undefined) {
      slots = new Array<unknown>(INITIAL_RECORDS * STRIDE);
      this.#slots = slots;
    } else if (this.#size * STRIDE === slots.length) {
      slots = this.#grow(slots);
    }
    let at = this.#head + this.#size * STRIDE;
    if (at >= slots.length) at -= slots.length;
    slots[at] = a;
    slots[at + 1] = b;
    slots[at + 2] = c;
    this.#size += 1;
  }

  /** Removes the first record into `out`; false when empty. */
  shiftInto(out: Slot3<A, B, C>): boolean {
    if (this.#size === 0) return false;
    const slots = this.#slots as unknown[];
    const head = this.#head;
    out.a = slots[head] as A;
    out.b = slots[head + 1] as B;
    out.c = slots[head + 2] as C;
    slots[head] = undefined;
    slots[head + 1] = undefined;
    slots[head + 2] = undefined;
    this.#size -= 1;
    if (this.#size === 0) {
      this.#head = 0;
      if (slots.length > RELEASE_ABOVE * STRIDE) this.#slots = undefined;
    } else {
      const next = head + STRIDE;
      this.#head = next === slots.length ? 0 : next;
    }
    return true;
  }

  /** Removes every record, calling `visit` on each in order. */
  drain(visit: (a: A, b: B, c: C) => void): void {
    const out: Slot3<A, B, C> = { a: undefined, b: undefined, c: undefined };
    while (this.shiftInto(out)) visit(out.a as A, out.b as B, out.c as C);
  }

  #grow(slots: unknown[]): unknown[] {
    const length = slots.length;
    const bigger = new Array<unknown>(length * 2);
    const head = this.#head;
    for (let i = 0; i < length; i++) {
      let from = head + i;
      if (from >= length) from -= length;
      bigger[i] = slots[from];
    }
    this.#slots = bigger;
    this.#head = 0;
    return bigger;
  }
}
