/**
 * The memory of the test server: every request and every accepted event in arrival order,
 * the counters, and the waiters of `waitForEvents`/`waitForRequests`. Waiters are woken by
 * the arrivals themselves (no polling); each holds one timer, cleared when it settles.
 */

import type {
  CapturedEvent,
  RecordedRequest,
  RecordMode,
  ServerStats,
  WaitOptions,
} from "./types.ts";

/**
 * A request as the server fills it in (status and accepted events come later).
 * @internal
 */
export type MutableRequest = {
  -readonly [K in keyof RecordedRequest]: RecordedRequest[K];
} & { acceptedEvents: CapturedEvent[] };

interface Waiter {
  readonly target: number;
  readonly count: () => number;
  readonly settle: (error?: Error) => void;
}

/** @internal */
export const DEFAULT_WAIT_MS = 5_000;

/**
 * Records requests and events and wakes the waiters.
 *
 * @example
 * ```ts
 * const recorder = new Recorder("all");
 * recorder.accept(request, [{ event: "e", distinct_id: "u" }]);
 * ```
 * @internal
 */
export class Recorder {
  readonly #mode: RecordMode;
  #requests: MutableRequest[] = [];
  #events: CapturedEvent[] = [];
  #requestCount = 0;
  #eventCount = 0;
  #bytes = 0;
  #resets = 0;
  #statuses: Record<number, number> = {};
  #waiters = new Set<Waiter>();
  #seq = 0;

  constructor(mode: RecordMode) {
    this.#mode = mode;
  }

  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  get events(): readonly CapturedEvent[] {
    return this.#events;
  }

  /** Adds a request (status pending) and returns it for the server to fill in. */
  addRequest(fields: Omit<MutableRequest, "seq" | "status" | "fault" | "acceptedEvents">) {
    this.#seq += 1;
    const request: MutableRequest = {
      ...fields,
      seq: this.#seq,
      status: null,
      fault: undefined,
      acceptedEvents: [],
    };
    this.#requestCount += 1;
    this.#bytes += fields.bodyBytes;
    if (this.#mode === "all") this.#requests.push(request);
    this.#wake();
    return request;
  }

  /** Records the events of `request` as accepted. */
  accept(request: MutableRequest, events: readonly CapturedEvent[]): void {
    request.acceptedEvents.push(...events);
    this.#eventCount += events.length;
    if (this.#mode === "all") {
      for (const event of events) this.#events.push(event);
    }
    this.#wake();
  }

  /** Records the status answered to `request`. */
  answered(request: MutableRequest, status: number): void {
    request.status = status;
    this.#statuses[status] = (this.#statuses[status] ?? 0) + 1;
  }

  /** Counts a connection reset by a fault. */
  reset(): void {
    this.#resets += 1;
  }

  stats(): ServerStats {
    return {
      requests: this.#requestCount,
      events: this.#eventCount,
      bytes: this.#bytes,
      statuses: { ...this.#statuses },
      resets: this.#resets,
    };
  }

  /** Forgets every request, event and counter (waiters keep waiting, from zero). */
  clear(): void {
    this.#requests = [];
    this.#events = [];
    this.#requestCount = 0;
    this.#eventCount = 0;
    this.#bytes = 0;
    this.#resets = 0;
    this.#statuses = {};
  }

  waitForEvents(n: number, options: WaitOptions = {}): Promise<readonly CapturedEvent[]> {
    return this.#wait(n, () => this.#eventCount, "events", options).then(() => this.#events);
  }

  waitForRequests(n: number, options: WaitOptions = {}): Promise<readonly RecordedRequest[]> {
    return this.#wait(n, () => this.#requestCount, "requests", options).then(() => this.#requests);
  }

  /** Rejects every waiter (the server is closing). */
  rejectAll(reason: string): void {
    for (const waiter of [...this.#waiters]) waiter.settle(new Error(reason));
  }

  #wait(n: number, count: () => number, what: string, options: WaitOptions): Promise<void> {
    if (count() >= n) return Promise.resolve();
    if (options.signal?.aborted) return Promise.reject(abortError(options.signal));
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => waiter.settle(abortError(options.signal));
      const timer = setTimeout(() => {
        waiter.settle(
          new Error(`waited ${timeoutMs} ms for ${n} ${what}, ${count()} arrived (test server)`),
        );
      }, timeoutMs);
      const waiter: Waiter = {
        target: n,
        count,
        settle: (error) => {
          clearTimeout(timer);
          options.signal?.removeEventListener("abort", onAbort);
          this.#waiters.delete(waiter);
          if (error === undefined) resolve();
          else reject(error);
        },
      };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.add(waiter);
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) {
      if (waiter.count() >= waiter.target) waiter.settle();
    }
  }
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error("wait aborted");
}
