/**
 * The value local evaluation returns when it cannot decide: an {@link Unresolved}, never an
 * exception. It carries PostHog's reason and two marks that steer the rest of the
 * evaluation exactly as posthog-node's two error classes do: `server` (the definition needs
 * data only PostHog has, such as a static cohort: stop at once and ask PostHog) and `regex`
 * (a regex PostHog's engine may read differently: a later condition cannot overrule it).
 * The handful of possible values are preallocated, so an undecided filter costs no
 * allocation.
 */
import type { UnresolvedReason } from "./types.ts";

/** An undecided outcome of local evaluation. */
export interface Unresolved {
  readonly unresolved: true;
  /** PostHog's reason, reported in `unresolvedFlags` and `$feature_flag_error`. */
  readonly reason: UnresolvedReason;
  /** Only PostHog can decide (posthog-node's `RequiresServerEvaluation`). */
  readonly server: boolean;
  /** A regex PostHog may match differently is involved. */
  readonly regex: boolean;
}

const REASONS: readonly UnresolvedReason[] = [
  "experience_continuity",
  "unsupported_definition",
  "unresolved_dependency",
  "missing_context",
];

const TABLE = new Map<string, Unresolved>();
for (const reason of REASONS) {
  for (const server of [false, true]) {
    for (const regex of [false, true]) {
      TABLE.set(
        `${reason}|${server}|${regex}`,
        Object.freeze({ unresolved: true, reason, server, regex }),
      );
    }
  }
}

/**
 * The preallocated {@link Unresolved} for a reason and marks.
 *
 * @param reason - Why evaluation cannot decide.
 * @param server - Only PostHog can decide.
 * @param regex - A regex is involved.
 */
export function unresolved(reason: UnresolvedReason, server = false, regex = false): Unresolved {
  return TABLE.get(`${reason}|${server}|${regex}`) as Unresolved;
}

/** Undecided because the definition uses something local evaluation does not support. */
export const UNSUPPORTED = unresolved("unsupported_definition");
/** Undecided because the call did not give a property or a value the filter needs. */
export const MISSING_CONTEXT = unresolved("missing_context");
/** Undecided because only PostHog holds the data (a static cohort, an unknown group type). */
export const SERVER_ONLY = unresolved("unsupported_definition", true);
/** Undecided because a regex may match differently in PostHog's engine. */
export const REGEX_UNSUPPORTED = unresolved("unsupported_definition", false, true);

/**
 * Whether an outcome is undecided.
 *
 * @param outcome - A filter, condition or flag outcome.
 */
export function isUnresolved(outcome: unknown): outcome is Unresolved {
  return (
    typeof outcome === "object" && outcome !== null && (outcome as Unresolved).unresolved === true
  );
}

/**
 * The reason PostHog's specification reports when several apply: the one earliest in
 * `experience_continuity`, `unsupported_definition`, `unresolved_dependency`,
 * `missing_context`.
 *
 * @param current - The reason so far, if any.
 * @param next - Another reason.
 */
export function pickReason(
  current: UnresolvedReason | undefined,
  next: UnresolvedReason,
): UnresolvedReason {
  if (current === undefined) return next;
  return REASONS.indexOf(next) < REASONS.indexOf(current) ? next : current;
}
