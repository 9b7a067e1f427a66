/**
 * The dates of `is_date_before` / `is_date_after`. A filter is either absolute (parsed once
 * when definitions load) or relative to the moment of evaluation (`-7d`, `3h`, `2w`, `1m`,
 * `1y`: that long before now), computed from the evaluation's clock, with PostHog's
 * month arithmetic: months are subtracted one at a time and the day clamped at each step,
 * so March 31 minus one month is February 28.
 */

/** A date filter, prepared when definitions load. */
export type DateFilter =
  | { readonly kind: "absolute"; readonly ms: number }
  | {
      readonly kind: "relative";
      readonly amount: number;
      readonly unit: "h" | "d" | "w" | "m" | "y";
    };

const RELATIVE = /^-?(?<number>[0-9]+)(?<interval>[a-z])$/;

/**
 * Prepares a date filter's value, or gives `undefined` when it is not a date.
 *
 * @param value - The filter's value.
 * @example
 * ```ts
 * parseDateFilter("-7d");        // { kind: "relative", amount: 7, unit: "d" }
 * parseDateFilter("2025-01-01"); // { kind: "absolute", ms: 1735689600000 }
 * ```
 */
export function parseDateFilter(value: unknown): DateFilter | undefined {
  if (typeof value === "boolean") return undefined;
  const match = RELATIVE.exec(String(value));
  const amountText = match?.groups?.number;
  const unit = match?.groups?.interval;
  if (amountText !== undefined && unit !== undefined) {
    const amount = Number.parseInt(amountText, 10);
    if (
      amount < 10_000 &&
      (unit === "h" || unit === "d" || unit === "w" || unit === "m" || unit === "y")
    ) {
      return { kind: "relative", amount, unit };
    }
  }
  const ms = toTimestamp(value);
  return ms === undefined ? undefined : { kind: "absolute", ms };
}

/**
 * A property value as a timestamp (a `Date`, an ISO string, epoch milliseconds), or
 * `undefined` when it is not a date.
 *
 * @param value - The property's value.
 */
export function toTimestamp(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string" || typeof value === "number") {
    const ms = new Date(value).getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/**
 * The instant a date filter stands for, at a given moment.
 *
 * @param filter - The prepared filter.
 * @param nowMs - The moment of evaluation.
 */
export function resolveDateFilter(filter: DateFilter, nowMs: number): number {
  if (filter.kind === "absolute") return filter.ms;
  const date = new Date(nowMs);
  const { amount, unit } = filter;
  switch (unit) {
    case "h":
      date.setUTCHours(date.getUTCHours() - amount);
      break;
    case "d":
      date.setUTCDate(date.getUTCDate() - amount);
      break;
    case "w":
      date.setUTCDate(date.getUTCDate() - amount * 7);
      break;
    case "m":
      subtractMonths(date, amount);
      break;
    case "y":
      subtractYears(date, amount);
      break;
  }
  return date.getTime();
}

function subtractMonths(date: Date, months: number): void {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  let day = date.getUTCDate();
  // Every month has at least 28 days: once the day is 28 or less, no step clamps it again.
  for (let step = 1; step <= months && day > 28; step++) {
    day = Math.min(day, new Date(Date.UTC(year, month - step + 1, 0)).getUTCDate());
  }
  date.setUTCFullYear(year, month - months, day);
}

function subtractYears(date: Date, years: number): void {
  const month = date.getUTCMonth();
  const day = years > 0 && month === 1 && date.getUTCDate() === 29 ? 28 : date.getUTCDate();
  date.setUTCFullYear(date.getUTCFullYear() - years, month, day);
}
