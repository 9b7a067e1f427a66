/**
 * The actor cell's state word: a phase in the low bits and flags above it, packed into one small
 * integer so that the hot path reads a single field.
 *
 * Phases: STARTING (onStart pending) → RUNNING (the loop handles messages) → DRAINING (the stop
 * marker was reached; waiting for onRun) → STOPPING (onStop) → ENDED.
 */

/** Mask of the phase bits. */
export const PHASE = 0b111;
/** `onStart` has not finished; messages queue up. */
export const STARTING = 0;
/** The loop handles messages. */
export const RUNNING = 1;
/** The loop reached the stop marker; waiting for `onRun` to settle. */
export const DRAINING = 2;
/** `onStop` is running (or about to): the first terminating signal has won. */
export const STOPPING = 3;
/** The actor has ended. */
export const ENDED = 4;

/** A drain is queued or running (including while awaiting a handler). */
export const SCHEDULED = 1 << 3;
/** An async handler is being awaited. */
export const AWAITING = 1 << 4;
/** `stop()` was called: new sends are refused; the loop ends when the mailbox is empty. */
export const STOP_REQUESTED = 1 << 5;
/** Kill, crash or onRun failure: the loop ends before the next message. */
export const TERMINATE = 1 << 6;
/** `kill()` was the terminating signal. */
export const KILLED = 1 << 7;
/** The priority channel is enabled. */
export const PRIORITY = 1 << 8;
/** The loop has exited: the actor handles no more messages. */
export const LOOP_EXITED = 1 << 9;
/** Unprocessed tells go back to a supervisor for re-delivery: they are not dead letters. */
export const REDELIVERS_TELLS = 1 << 10;

/** Sends are refused in any of these states. */
export const REFUSING = STOP_REQUESTED | TERMINATE | LOOP_EXITED;
