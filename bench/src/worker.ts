/**
 * The entry of one worker process: reads one job (JSON) from argv, runs it, prints its
 * outcome on one stdout line and exits. A job that cannot run (an API not there yet) prints
 * the reason instead of a figure. The `unreachable` PostHog job does not exit by itself: the
 * runner times how long the process takes to end once shutdown has resolved.
 */

import type { Job } from "./jobs.ts";
import { OUTCOME_PREFIX, type Outcome } from "./types.ts";
import { runActorJob } from "./workloads/index.ts";

async function runJob(job: Job): Promise<Outcome> {
  switch (job.kind) {
    case "actor":
      return runActorJob(job);
    case "supervision":
      return (await import("./supervision/index.ts")).runSupervisionJob(job);
    case "flags":
      return (await import("./flags/index.ts")).runFlagsJob(job);
    case "posthog":
      return (await import("./posthog/index.ts")).runPosthogJob(job);
  }
}

function print(outcome: Outcome): void {
  process.stdout.write(`${OUTCOME_PREFIX}${JSON.stringify(outcome)}\n`);
}

const raw = process.argv[2];
if (raw === undefined) {
  print({ ok: false, reason: "worker started without a job" });
  process.exit(2);
}
const job = JSON.parse(raw) as Job;
let outcome: Outcome;
try {
  outcome = await runJob(job);
} catch (error) {
  outcome = {
    ok: false,
    reason: `error: ${error instanceof Error ? error.message : String(error)}`,
  };
}
print(outcome);
if (!(job.kind === "posthog" && job.workload === "unreachable" && outcome.ok)) process.exit(0);
