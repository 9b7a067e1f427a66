/**
 * The bookkeeping behind `flush`: each call opens a waiter covering every event accepted
 * before it and not yet settled, and resolves with a report once each of them has an
 * outcome (delivered, rejected, dropped, or parked after its attempts). Waiters get
 * increasing ids; an event carries the id of the newest waiter that existed when it was
 * accepted or last settled, so an outcome counts once for exactly the waiters opened since
 * — a parked event that a later flush sends again counts for that later flush too.
 */

/** What became of the events one `flush` covered. */
export interface FlushReport {
  /** Accepted by PostHog. */
  delivered: number;
  /** Refused by PostHog (or invalid), with a `"reject"` event each. */
  rejected: number;
  /** Dropped because the queue bound overflowed. */
  dropped: number;
  /** Still failing after every attempt: kept and sent again later. */
  parked: number;
  /** Left without an outcome because the actor stopped: in `undelivered()`. */
  undelivered: number;
}

/** A settled outcome of one event. */
export type EventOutcome = "delivered" | "rejected" | "dropped" | "parked";

interface Waiter {
  readonly id: number;
  remaining: number;
  readonly report: FlushReport;
  readonly resolve: (report: FlushReport) => void;
}

/** Tracks open `flush` calls and counts event outcomes into them. */
export class FlushTracker {
  #lastId = 0;
  #waiters: Waiter[] = [];

  /** The mark a newly accepted event gets: waiters opened so far do not cover it. */
  get currentMark(): number {
    return this.#lastId;
  }

  /** Whether any `flush` is waiting. */
  get waiting(): boolean {
    return this.#waiters.length > 0;
  }

  /**
   * Opens a waiter for the events not yet settled.
   *
   * @param unsettled - How many accepted events have no outcome yet (all of them are covered).
   * @returns The report, once every covered event is settled (or {@link closeAll} is called).
   */
  open(unsettled: number): Promise<FlushReport> {
    const id = ++this.#lastId;
    const report: FlushReport = {
      delivered: 0,
      rejected: 0,
      dropped: 0,
      parked: 0,
      undelivered: 0,
    };
    if (unsettled <= 0) return Promise.resolve(report);
    return new Promise((resolve) => {
      this.#waiters.push({ id, remaining: unsettled, report, resolve });
    });
  }

  /**
   * Counts an event's outcome for every waiter that covers it and has not counted it yet.
   *
   * @param event - The event (its `mark` is updated).
   * @param outcome - What became of it.
   */
  record(event: { mark: number }, outcome: EventOutcome): void {
    if (this.#waiters.length > 0) {
      let done = false;
      for (const waiter of this.#waiters) {
        if (waiter.id <= event.mark) continue;
        waiter.report[outcome] += 1;
        waiter.remaining -= 1;
        if (waiter.remaining === 0) done = true;
      }
      if (done) this.#settle();
    }
    event.mark = this.#lastId;
  }

  /**
   * Resolves every waiter now, counting what is left as `undelivered` (the actor stopped).
   */
  closeAll(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) {
      waiter.report.undelivered = waiter.remaining;
      waiter.resolve(waiter.report);
    }
  }

  #settle(): void {
    const open: Waiter[] = [];
    for (const waiter of this.#waiters) {
      if (waiter.remaining === 0) waiter.resolve(waiter.report);
      else open.push(waiter);
    }
    this.#waiters = open;
  }
}
