/**
 * The counts of the capture actor (`stats`): what it holds now and its totals since start,
 * and the link through which `createPostHog`'s facade adds the drops it saw and reads those
 * counts without a message (as `ref.metrics()` reads an actor's numbers).
 */

import type { PipelineStats } from "./pipeline.ts";

/** The counts `stats` answers with: the pipelines' counts, added up, and the actor's own. */
export interface CaptureStats extends PipelineStats {
  /** Events dropped by a bound (the queue's bytes, or a full mailbox), since start. */
  readonly dropped: number;
  /** Events `beforeSend` turned into `null`, since start. */
  readonly filtered: number;
  /** Events refused at capture time as invalid (an `"error"` event each), since start. */
  readonly invalid: number;
}

/** Counts of an actor that has not started yet. */
export const EMPTY_STATS: CaptureStats = Object.freeze({
  queued: 0,
  inFlight: 0,
  parked: 0,
  delivered: 0,
  rejected: 0,
  dropped: 0,
  retries: 0,
  bytes: 0,
  filtered: 0,
  invalid: 0,
});

/**
 * What the actor shares with the facade in front of it.
 * @internal
 */
export interface FacadeLink {
  /** Events the facade dropped because the mailbox was full. */
  drops: number;
  /** Set by the actor when it starts: its current counts. */
  stats: (() => CaptureStats) | undefined;
}
