/**
 * What a worker process sends back to the runner: named figures for one measurement, or the
 * reason it could not be taken. Figures are plain numbers in the unit the plan names.
 */

/** Figures from one measurement. */
export type Figures = Readonly<Record<string, number>>;

/** The outcome of one measurement in one worker process. */
export type Outcome =
  | { readonly ok: true; readonly figures: Figures; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

/** The prefix of the one stdout line a worker prints its outcome on. */
export const OUTCOME_PREFIX = "BENCH-OUTCOME ";
