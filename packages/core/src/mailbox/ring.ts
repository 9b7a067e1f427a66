/**
 * A growable ring buffer of variable-width records: a head, followed by a payload slot only when
 * the head says it carries one. A tell without a payload takes one slot, like a plain array
 * queue; queuing allocates nothing. Storage starts small on first use, doubles when full, and is
 * released when a large buffer empties.
 */

/** Slots in a freshly allocated buffer. */
const INITIAL_SLOTS = 8;
/** A buffer larger than this many slots is released when it empties. */
const RELEASE_ABOVE = 4096;

/**
 * What a record starts with: it says whether a payload slot follows.
 *
 * @internal
 */
export interface RecordHead {
  readonly hasPayload: boolean;
}

/**
 * Where `shiftInto` writes the record it removes (`b` is `undefined` without a payload slot).
 *
 * @internal
 */
export interface Slot2<H> {
  a: H | undefined;
  b: unknown;
}

/**
 * FIFO of `(head, payload?)` records.
 *
 * @internal
 * @example
 * ```ts
 * const ring = new Ring<{ hasPayload: boolean }>();
 * ring.push({ hasPayload: true }, 42);
 * const out = { a: undefined, b: undefined };
 * ring.shiftInto(out); // out.b === 42
 * ```
 */
export class Ring<H extends RecordHead> {
  #slots: unknown[] | undefined;
  /** Slot index of the first record. */
  #head = 0;
  /** Slots in use. */
  #used = 0;
  /** Records queued. */
  #size = 0;

  /** Records queued. */
  get size(): number {
    return this.#size;
  }

  /** Appends a record; `payload` is stored only when `head.hasPayload`. */
  push(head: H, payload: unknown): void {
    const width = head.hasPayload ? 2 : 1;
    let slots = this.#slots;
    if (slots === undefined) {
      slots = new Array<unknown>(INITIAL_SLOTS);
      this.#slots = slots;
    } else if (this.#used + width > slots.length) {
      slots = this.#grow(slots);
    }
    const length = slots.length;
    let at = this.#head + this.#used;
    if (at >= length) at -= length;
    slots[at] = head;
    if (width === 2) {
      at += 1;
      if (at === length) at = 0;
      slots[at] = payload;
    }
    this.#used += width;
    this.#size += 1;
  }

  /** Removes the first record into `out`; false when empty. */
  shiftInto(out: Slot2<H>): boolean {
    if (this.#size === 0) return false;
    const slots = this.#slots as unknown[];
    const length = slots.length;
    let at = this.#head;
    const head = slots[at] as H;
    slots[at] = undefined;
    out.a = head;
    at += 1;
    if (at === length) at = 0;
    if (head.hasPayload) {
      out.b = slots[at];
      slots[at] = undefined;
      at += 1;
      if (at === length) at = 0;
      this.#used -= 2;
    } else {
      out.b = undefined;
      this.#used -= 1;
    }
    this.#size -= 1;
    if (this.#size === 0) {
      this.#head = 0;
      if (length > RELEASE_ABOVE) this.#slots = undefined;
    } else {
      this.#head = at;
    }
    return true;
  }

  /** Removes every record, calling `visit` on each in order. */
  drain(visit: (head: H, payload: unknown) => void): void {
    const out: Slot2<H> = { a: undefined, b: undefined };
    while (this.shiftInto(out)) visit(out.a as H, out.b);
  }

  #grow(slots: unknown[]): unknown[] {
    const length = slots.length;
    const used = this.#used;
    const bigger = new Array<unknown>(length * 2);
    const head = this.#head;
    for (let i = 0; i < used; i++) {
      let from = head + i;
      if (from >= length) from -= length;
      bigger[i] = slots[from];
    }
    this.#slots = bigger;
    this.#head = 0;
    return bigger;
  }
}
