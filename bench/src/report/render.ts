/**
 * Renders result groups as tables: aligned plain text for the terminal and GitHub markdown
 * for RESULTS.md. Each table has one row per implementation, each figure followed by the
 * ratio ours ÷ theirs where the plan asks for one, the targets judged on that row, and a
 * note (a caveat, or the reason a figure is n/a).
 */

import { formatFigure, formatRatio } from "./format.ts";
import type { GroupResult, RowResult } from "./results.ts";

function header(group: GroupResult): string[] {
  const cells = ["implementation"];
  for (const metric of group.metrics) {
    const arrow = { higher: " ↑", lower: " ↓", neutral: "" }[metric.better];
    cells.push(`${metric.label}${arrow}`);
    if (metric.ratio) cells.push("ours ÷ this");
  }
  cells.push("target", "note");
  return cells;
}

function rowCells(group: GroupResult, row: RowResult): string[] {
  const cells = [row.ours ? `${row.label} (ours)` : row.label];
  for (const metric of group.metrics) {
    const figure = row.figures[metric.key];
    cells.push(formatFigure(figure?.median ?? null, metric.format));
    if (metric.ratio) cells.push(row.ours ? "" : formatRatio(row.ratios[metric.key] ?? null));
  }
  const targets = group.targets
    .filter((t) => t.row === row.id)
    .map((t) => `${t.text}: ${t.status}`);
  cells.push(targets.join("; "));
  const note = [row.reason, row.note].filter((x): x is string => x !== undefined).join("; ");
  cells.push(note);
  return cells;
}

function table(group: GroupResult): string[][] {
  return [header(group), ...group.rows.map((row) => rowCells(group, row))];
}

/** The width of a cell as a terminal shows it. */
function width(text: string): number {
  return [...text].length;
}

/** One group as aligned plain text, with its title line. */
export function renderText(group: GroupResult): string {
  const rows = table(group);
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ""))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => cell + " ".repeat((widths[c] ?? 0) - width(cell)))
      .join("  ")
      .trimEnd();
  const out = [`${group.section} / ${group.title}: ${group.workload}`, line(rows[0] ?? [])];
  out.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows.slice(1)) out.push(line(row));
  return out.join("\n");
}

/** One group as a markdown section with a table, padded as biome formats markdown. */
export function renderMarkdown(group: GroupResult): string {
  const rows = table(group).map((row) => row.map((cell) => cell.replaceAll("|", "\\|")));
  const widths = (rows[0] ?? []).map((_, c) => Math.max(3, ...rows.map((r) => width(r[c] ?? ""))));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, c) => cell + " ".repeat((widths[c] ?? 0) - width(cell))).join(" | ")} |`;
  return [
    `### ${group.section}: ${group.title}`,
    "",
    `${group.workload}.`,
    "",
    line(rows[0] ?? []),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.slice(1).map(line),
  ].join("\n");
}
