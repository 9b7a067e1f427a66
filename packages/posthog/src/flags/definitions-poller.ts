/**
 * `DefinitionsPoller`: the actor that keeps flag definitions fresh. Its `onRun` owns the
 * poll loop: load at once, then every `intervalMs`; after a failure wait longer (doubling,
 * capped), keeping the last good definitions; after a 401/403 stop polling until a manual
 * `reload` succeeds. Loads are single-flight: a `reload` during a poll joins it. Each
 * outcome goes to `report`, which swaps the snapshot readers use — readers never message
 * the actor, so a lookup costs no hop. Stopping the actor aborts the request in flight and
 * the wait.
 */
import { Actor, type Deferred, deferred } from "@tsactor/core";
import type { DefinitionsLoad } from "./definitions-loader.ts";

/** The next step after a load. */
export type PollPlan =
  | { readonly kind: "poll"; readonly inMs: number }
  | { readonly kind: "stopped" };

/** Arguments of {@link DefinitionsPoller}. */
export interface DefinitionsPollerArgs {
  /** The interval between polls, in ms. */
  readonly intervalMs: number;
  /** Loads once, conditionally on `etag`. */
  readonly load: (etag: string | undefined, signal: AbortSignal) => Promise<DefinitionsLoad>;
  /** Told every outcome (polls and reloads) and what comes next. */
  readonly report: (outcome: DefinitionsLoad, plan: PollPlan) => void;
}

/** What {@link DefinitionsPoller.stats} answers. */
export interface PollerStats {
  readonly loads: number;
  /** Failures in a row (reset by a success). */
  readonly failures: number;
  /** Polling stopped after a 401/403. */
  readonly stopped: boolean;
  readonly etag: string | undefined;
}

/**
 * The wait after `failures` failures in a row: the interval doubled each time, up to
 * eight intervals and never more than a minute (unless the interval itself is longer).
 *
 * @param intervalMs - The poll interval.
 * @param failures - Failures in a row.
 */
export function pollDelay(intervalMs: number, failures: number): number {
  if (failures === 0) return intervalMs;
  const cap = Math.max(intervalMs, Math.min(intervalMs * 8, 60_000));
  return Math.min(intervalMs * 2 ** failures, cap);
}

/**
 * Polls `/flags/definitions`.
 *
 * @example
 * ```ts
 * const [poller, done] = spawn(DefinitionsPoller, { intervalMs: 30_000, load, report });
 * await poller.ask("reload");
 * await poller.stop();
 * ```
 */
export class DefinitionsPoller extends Actor<DefinitionsPollerArgs> {
  #args: DefinitionsPollerArgs | undefined;
  #etag: string | undefined;
  #failures = 0;
  #loads = 0;
  #stopped = false;
  #inFlight: Promise<DefinitionsLoad> | undefined;
  #signal: AbortSignal = new AbortController().signal;
  #wake: (() => void) | undefined;

  onStart(args: DefinitionsPollerArgs): void {
    this.#args = args;
  }

  async onRun(_self: unknown, signal: AbortSignal): Promise<void> {
    this.#signal = signal;
    await this.#load();
    while (!signal.aborted) {
      const plan = this.#plan();
      const woke = await this.#sleep(plan.kind === "poll" ? plan.inMs : undefined, signal);
      if (signal.aborted) break;
      // Woken by a reload, which has just loaded: only the wait starts over.
      if (!woke) await this.#load();
    }
  }

  /**
   * Loads now (joining a load in flight), and restarts the wait; resumes polling stopped by
   * a 401/403 when the load succeeds.
   *
   * @returns The outcome.
   */
  reload(): Deferred<DefinitionsLoad> {
    return deferred(
      this.#load().then((outcome) => {
        this.#wake?.();
        return outcome;
      }),
    );
  }

  /** Counters and state of the poll loop. */
  stats(): PollerStats {
    return {
      loads: this.#loads,
      failures: this.#failures,
      stopped: this.#stopped,
      etag: this.#etag,
    };
  }

  #plan(): PollPlan {
    if (this.#stopped) return { kind: "stopped" };
    return { kind: "poll", inMs: pollDelay(this.#args?.intervalMs ?? 30_000, this.#failures) };
  }

  #load(): Promise<DefinitionsLoad> {
    this.#inFlight ??= this.#loadOnce().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #loadOnce(): Promise<DefinitionsLoad> {
    const args = this.#args as DefinitionsPollerArgs;
    const signal = this.#signal;
    const outcome = await args.load(this.#etag, signal);
    // A load cut short by the actor stopping is not an outcome worth reporting.
    if (signal.aborted) return outcome;
    this.#loads++;
    switch (outcome.kind) {
      case "loaded":
      case "not-modified":
        this.#etag = outcome.etag;
        this.#failures = 0;
        this.#stopped = false;
        break;
      case "quota-limited":
        // PostHog answered: no backoff, but nothing to keep either.
        this.#etag = undefined;
        this.#failures = 0;
        this.#stopped = false;
        break;
      case "unauthorized":
        this.#stopped = true;
        break;
      case "failed":
        this.#failures++;
        break;
    }
    args.report(outcome, this.#plan());
    return outcome;
  }

  /** Waits `ms` (for ever when `undefined`): `true` when a reload woke it. */
  #sleep(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (woke: boolean): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.#wake = undefined;
        resolve(woke);
      };
      const onAbort = (): void => done(false);
      // The poll alone must not keep the process alive.
      if (ms !== undefined) timer = setTimeout(() => done(false), ms).unref();
      this.#wake = () => done(true);
      signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
