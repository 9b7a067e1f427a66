/**
 * The files a run leaves: `results/latest.json` (every figure, every run) and, with
 * `--write-readme`, `RESULTS.md`, a markdown page of all tables ready to paste into the
 * README.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { type Machine, machineLine } from "./machine.ts";
import { renderMarkdown } from "./render.ts";
import type { GroupResult } from "./results.ts";

/** Everything one run measured. */
export interface RunReport {
  readonly generatedAt: string;
  readonly mode: "full" | "quick";
  readonly runsPerFigure: number;
  readonly machine: Machine;
  readonly durationSec: number;
  readonly server: string | undefined;
  readonly groups: readonly GroupResult[];
}

const BENCH_DIR = new URL("..", new URL("..", import.meta.url));

/** Writes `results/latest.json`; resolves to its path. */
export async function writeJson(report: RunReport): Promise<string> {
  const dir = new URL("results/", BENCH_DIR);
  await mkdir(dir, { recursive: true });
  const file = new URL("latest.json", dir);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return fileURLToPath(file);
}

/** The markdown page of all tables. */
export function markdownPage(report: RunReport): string {
  const head = [
    "# tsActor benchmarks: latest results",
    "",
    `Measured ${report.generatedAt.slice(0, 10)} on ${machineLine(report.machine)}; ` +
      `${report.mode === "quick" ? "**quick run** (a tenth of the work, 1 run each)" : `median of ${report.runsPerFigure} runs, each in a fresh Node process`}; ` +
      `the whole run took ${Math.round(report.durationSec)} s.`,
    "",
    "Ratios are ours ÷ this row (↑: higher is better, so above 1× means tsActor is ahead; " +
      "↓: lower is better, so below 1× means tsActor is ahead). Targets are the issue's. " +
      "n/a means the figure could not be taken; the note says why. See bench/README.md.",
  ];
  if (report.server !== undefined) head.push("", `PostHog ingestion server: ${report.server}.`);
  return `${[...head, "", ...report.groups.map((g) => `${renderMarkdown(g)}\n`)].join("\n").trimEnd()}\n`;
}

/** Writes `RESULTS.md`; resolves to its path. */
export async function writeMarkdown(report: RunReport): Promise<string> {
  const file = new URL("RESULTS.md", BENCH_DIR);
  await writeFile(file, markdownPage(report));
  return fileURLToPath(file);
}
