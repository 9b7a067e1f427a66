/**
 * `pnpm bench`: runs every benchmark of the plan, each measurement in a fresh Node process,
 * `runs` times (the median is reported), prints one table per group as it completes, and
 * writes `results/latest.json` (and `RESULTS.md` with `--write-readme`). A benchmark never
 * fails the run on a number; a measurement that cannot be taken is reported as n/a.
 *
 * Options: `--quick` (a tenth of the work, 1 run), `--runs=N`, `--only=tell,ask,…` (group
 * ids), `--write-readme`.
 */
import { parseArgs } from "node:util";
import { runChild } from "./child.ts";
import type { Job } from "./jobs.ts";
import { buildPlan, FULL, type GroupDef, QUICK, type RowDef } from "./plan.ts";
import { markdownPage, type RunReport, writeJson, writeMarkdown } from "./report/document.ts";
import { formatFigure } from "./report/format.ts";
import { describeMachine, machineLine } from "./report/machine.ts";
import { renderText } from "./report/render.ts";
import { buildGroup, buildRow, type GroupResult } from "./report/results.ts";
import { deadUrl, type ServerHandle, startServer } from "./server.ts";
import type { Outcome } from "./types.ts";

// `pnpm bench -- --quick` passes the `--` through; drop it so both spellings work.
const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    only: { type: "string" },
    "write-readme": { type: "boolean", default: false },
  },
});

const sizes = args.quick ? QUICK : FULL;
const runs = args.runs !== undefined ? Math.max(1, Number(args.runs)) : args.quick ? 1 : 3;
const only = args.only?.split(",").map((s) => s.trim());
const plan = buildPlan(sizes).filter((g) => only === undefined || only.includes(g.id));

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function timeoutFor(job: Job): number {
  if (job.kind !== "posthog") return 180_000;
  if (job.workload === "outage") return job.outageMs * 4 + 60_000;
  if (job.workload === "unreachable") return 40_000;
  return 180_000;
}

let server: ServerHandle | undefined;
let serverFailure: string | undefined;

async function posthogUrls(job: Extract<Job, { kind: "posthog" }>): Promise<Job | string> {
  if (job.workload === "unreachable") return { ...job, ingestUrl: await deadUrl() };
  if (server === undefined && serverFailure === undefined) {
    try {
      server = await startServer();
    } catch (error) {
      serverFailure = `ingestion server did not start: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (server === undefined) return serverFailure ?? "no ingestion server";
  return { ...job, ingestUrl: server.ingestUrl, controlUrl: server.controlUrl };
}

async function measure(row: RowDef): Promise<Outcome> {
  const job = row.job.kind === "posthog" ? await posthogUrls(row.job) : row.job;
  if (typeof job === "string") return { ok: false, reason: job };
  const result = await runChild(job, { gc: row.gc, timeoutMs: timeoutFor(job) });
  const { outcome } = result;
  if (!(job.kind === "posthog" && job.workload === "unreachable" && outcome.ok)) return outcome;
  const { resolvedAt, ...figures } = outcome.figures;
  if (result.killed || resolvedAt === undefined) {
    return {
      ...outcome,
      figures,
      note: "process did not exit by itself: killed after the time limit",
    };
  }
  return { ...outcome, figures: { ...figures, exitAfterResolveMs: result.exitedAt - resolvedAt } };
}

function summary(group: GroupDef, outcome: Outcome): string {
  if (!outcome.ok) return `n/a (${outcome.reason})`;
  return group.metrics
    .map((m) => `${m.label} ${formatFigure(outcome.figures[m.key] ?? null, m.format)}`)
    .join(", ");
}

async function runGroup(group: GroupDef): Promise<GroupResult> {
  const rows = [];
  for (const [index, row] of group.rows.entries()) {
    const outcomes: Outcome[] = [];
    for (let r = 0; r < runs; r++) {
      const began = performance.now();
      const outcome = await measure(row);
      outcomes.push(outcome);
      const took = ((performance.now() - began) / 1000).toFixed(1);
      log(
        `  ${group.id} · ${row.label} · run ${r + 1}/${runs}: ${summary(group, outcome)} [${took} s]`,
      );
      if (!outcome.ok) break;
    }
    rows.push(buildRow(group, index, outcomes));
  }
  const result = buildGroup(group, rows);
  if (group.section === "posthog" && server !== undefined) {
    return { ...result, workload: `${result.workload} (server: ${server.kind})` };
  }
  return result;
}

const machine = describeMachine();
const started = performance.now();
log(
  `tsActor benchmarks: ${args.quick ? "quick" : "full"} run, ${runs} run(s) per figure, ${machineLine(machine)}`,
);
const groups: GroupResult[] = [];
try {
  for (const group of plan) {
    log(`${group.section} / ${group.title}…`);
    const result = await runGroup(group);
    groups.push(result);
    process.stdout.write(`\n${renderText(result)}\n`);
  }
} finally {
  await server?.stop();
}

const report: RunReport = {
  generatedAt: new Date().toISOString(),
  mode: args.quick ? "quick" : "full",
  runsPerFigure: runs,
  machine,
  durationSec: (performance.now() - started) / 1000,
  server:
    server === undefined
      ? serverFailure
      : `${server.kind}${server.fallbackReason === undefined ? "" : ` (the test server is not used: ${server.fallbackReason})`}`,
  groups,
};
log(`\nwrote ${await writeJson(report)}`);
if (args["write-readme"]) log(`wrote ${await writeMarkdown(report)}`);
else if (process.env.BENCH_PRINT_MARKDOWN === "1") process.stdout.write(markdownPage(report));
log(`done in ${Math.round(report.durationSec)} s`);
