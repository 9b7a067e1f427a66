/**
 * The common shape every actor implementation under test provides to the workloads: one
 * actor that counts `inc` messages and answers `echo` asks, and an idle actor for the spawn
 * workload. Each adapter (baseline, tsActor, xstate, nact, Effect) maps these onto its own
 * library in the way a user of that library would write it, and says in `notes` where it
 * had to emulate something the library lacks.
 */

/** Options for one counting actor. */
export interface CounterOptions {
  /** Number of `inc` messages after which `done` resolves. */
  readonly target: number;
  /** Mailbox bound; implementations without bounded mailboxes ignore it. */
  readonly capacity: number;
}

/** One actor that counts `inc` messages and replies to `echo(n)` with `n + 1`. */
export interface BenchActor {
  /** Sends `inc` without waiting for anything (fire-and-forget). */
  tell(): void;
  /** Sends `inc` and settles once the mailbox has taken it (backpressure where supported). */
  send(): Promise<unknown> | undefined;
  /** Request/reply: resolves to `n + 1`, computed by the actor. */
  ask(n: number): Promise<number>;
  /** Resolves once `target` `inc` messages have been handled. */
  readonly done: Promise<void>;
  /** Stops the actor (best effort; the process ends right after). */
  stop(): Promise<void>;
}

/** Where an implementation differs from the workload's wording, per workload. */
export interface ImplNotes {
  readonly tell?: string;
  readonly ask?: string;
  readonly spawn?: string;
  readonly fanIn?: string;
}

/** One actor library (or the hand-written baseline) as the workloads see it. */
export interface ActorImpl {
  /** Display name in the tables. */
  readonly label: string;
  /** True when `send()` really waits for mailbox space. */
  readonly boundedMailbox: boolean;
  /** Caveats shown in the note column. */
  readonly notes: ImplNotes;
  /** Spawns one counting/echo actor. */
  counter(options: CounterOptions): BenchActor;
  /** Spawns one idle actor and returns whatever keeps it reachable. */
  spawnIdle(index: number): unknown;
}

/** A loader result: the implementation, or why it cannot run yet. */
export type ImplLoad =
  | { readonly ok: true; readonly impl: ActorImpl }
  | { readonly ok: false; readonly reason: string };

/** Builds a `done` promise and the function that resolves it after `target` calls. */
export function countdown(target: number): { done: Promise<void>; tick: () => void } {
  let left = target;
  let resolve: () => void = () => {};
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  if (left <= 0) resolve();
  return {
    done,
    tick: () => {
      left -= 1;
      if (left === 0) resolve();
    },
  };
}
