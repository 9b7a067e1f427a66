/**
 * Formatting of figures and ratios for the tables: three significant digits, units the
 * reader expects (M msgs/s, µs, ms, B, MB), and "n/a" for anything missing.
 */
import type { Format } from "../plan.ts";

function sig(value: number, digits = 3): string {
  if (value === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toLocaleString("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** Prints one figure in its format. */
export function formatFigure(value: number | null, format: Format): string {
  if (value === null || !Number.isFinite(value)) return "n/a";
  switch (format) {
    case "rate":
      return value >= 1e6 ? `${sig(value / 1e6)} M/s` : `${sig(value / 1e3)} k/s`;
    case "us":
      return `${sig(value)} µs`;
    case "ms":
      return `${sig(value)} ms`;
    case "bytes":
      return `${sig(value)} B`;
    case "count":
      return Math.round(value).toLocaleString("en-US");
    case "mb":
      return `${sig(value)} MB`;
  }
}

/** Prints a ratio (ours ÷ theirs). */
export function formatRatio(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return "";
  return `${sig(value)}×`;
}
