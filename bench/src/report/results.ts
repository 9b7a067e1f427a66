/**
 * The results model: medians of each row's runs, ratios of ours to each peer, and the
 * issue's targets judged met or missed. Built from the plan and the raw outcomes; it is what
 * the tables print and what `results/latest.json` holds.
 */
import type { GroupDef, TargetDef } from "../plan.ts";
import type { Outcome } from "../types.ts";

/** One figure of one row: the median of its runs. */
export interface FigureResult {
  readonly median: number | null;
  readonly runs: readonly number[];
}

/** One row of a table. */
export interface RowResult {
  readonly id: string;
  readonly label: string;
  readonly ours: boolean;
  readonly figures: Readonly<Record<string, FigureResult>>;
  /** Ours ÷ this row's median, per ratio metric (absent on our row). */
  readonly ratios: Readonly<Record<string, number | null>>;
  /** Why there is no figure, when there is none. */
  readonly reason?: string;
  readonly note?: string;
}

/** One target of the issue, judged. */
export interface TargetResult {
  /** The row the target is shown on. */
  readonly row: string;
  readonly text: string;
  readonly status: "met" | "missed" | "n/a";
}

/** One table. */
export interface GroupResult {
  readonly id: string;
  readonly section: string;
  readonly title: string;
  readonly workload: string;
  readonly metrics: GroupDef["metrics"];
  readonly rows: readonly RowResult[];
  readonly targets: readonly TargetResult[];
}

/** The median of a list of numbers, or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function uniqueNotes(outcomes: readonly Outcome[], extra: string | undefined): string | undefined {
  const notes = new Set<string>();
  if (extra !== undefined) notes.add(extra);
  for (const o of outcomes) if (o.ok && o.note !== undefined) notes.add(o.note);
  const failed = outcomes.filter((o) => !o.ok);
  const ok = outcomes.length - failed.length;
  const first = failed[0];
  if (first !== undefined && !first.ok && ok > 0) {
    notes.add(`${failed.length} of ${outcomes.length} runs failed: ${first.reason}`);
  }
  return notes.size === 0 ? undefined : [...notes].join("; ");
}

/** Builds one row from its runs' outcomes. */
export function buildRow(
  group: GroupDef,
  rowIndex: number,
  outcomes: readonly Outcome[],
): Omit<RowResult, "ratios"> {
  const def = group.rows[rowIndex];
  if (def === undefined) throw new RangeError(`no row ${rowIndex} in ${group.id}`);
  const figures: Record<string, FigureResult> = {};
  for (const metric of group.metrics) {
    const runs = outcomes.flatMap((o) => {
      const value = o.ok ? o.figures[metric.key] : undefined;
      return value === undefined ? [] : [value];
    });
    figures[metric.key] = { median: median(runs), runs };
  }
  const failed = outcomes.find((o) => !o.ok);
  const allFailed = outcomes.length > 0 && outcomes.every((o) => !o.ok);
  const note = uniqueNotes(outcomes, def.note);
  return {
    id: def.id,
    label: def.label,
    ours: def.ours,
    figures,
    ...(allFailed && failed !== undefined && !failed.ok ? { reason: failed.reason } : {}),
    ...(note === undefined ? {} : { note }),
  };
}

function compare(value: number, op: "<=" | ">=", bound: number): boolean {
  return op === "<=" ? value <= bound : value >= bound;
}

function judge(group: GroupDef, rows: readonly RowResult[], target: TargetDef): TargetResult {
  const ours = rows.find((r) => r.ours);
  const metric = group.metrics.find((m) => m.key === target.metric);
  const label = metric?.label ?? target.metric;
  if (target.kind === "ratio") {
    const peer = rows.find((r) => r.id === target.against);
    const ratio = peer?.ratios[target.metric] ?? null;
    const text = `${label} ${target.op === "<=" ? "≤" : "≥"} ${target.value}×`;
    const status =
      ratio === null ? "n/a" : compare(ratio, target.op, target.value) ? "met" : "missed";
    return { row: target.against, text, status };
  }
  const value = ours?.figures[target.metric]?.median ?? null;
  const text = `${label} ${target.op === "<=" ? "≤" : "≥"} ${target.value.toLocaleString("en-US")} ${target.unit}`;
  const status =
    value === null ? "n/a" : compare(value, target.op, target.value) ? "met" : "missed";
  return { row: ours?.id ?? "", text, status };
}

/** Adds ratios and judged targets to a group's rows. */
export function buildGroup(
  group: GroupDef,
  rows: ReadonlyArray<Omit<RowResult, "ratios">>,
): GroupResult {
  const ours = rows.find((r) => r.ours);
  const withRatios: RowResult[] = rows.map((row, index) => {
    const ratios: Record<string, number | null> = {};
    if (!row.ours && group.rows[index]?.calibration !== true) {
      for (const metric of group.metrics) {
        if (!metric.ratio) continue;
        const mine = ours?.figures[metric.key]?.median ?? null;
        const theirs = row.figures[metric.key]?.median ?? null;
        ratios[metric.key] =
          mine !== null && theirs !== null && theirs !== 0 ? mine / theirs : null;
      }
    }
    return { ...row, ratios };
  });
  return {
    id: group.id,
    section: group.section,
    title: group.title,
    workload: group.workload,
    metrics: group.metrics,
    rows: withRatios,
    targets: group.targets.map((t) => judge(group, withRatios, t)),
  };
}
