/**
 * Runs one PostHog job in a worker: loads the client named by the job (pointed at the
 * ingestion server the runner started, or at a port with nothing listening), and runs the
 * workload.
 */
import type { Job } from "../jobs.ts";
import type { Outcome } from "../types.ts";
import { loadClient } from "./clients.ts";
import { Control } from "./control.ts";
import { burst, captureCost, type Measured, outage, unreachable } from "./workloads.ts";

type PosthogJob = Extract<Job, { kind: "posthog" }>;

/** Runs one PostHog job in this process. */
export async function runPosthogJob(job: PosthogJob): Promise<Outcome> {
  const loaded = await loadClient(job.client, job.ingestUrl, job.n);
  if (!loaded.ok) return { ok: false, reason: loaded.reason };
  const { client } = loaded;
  const control = new Control(job.controlUrl);
  const measured: Measured = await (async () => {
    switch (job.workload) {
      case "capture":
        return captureCost(client, job.n);
      case "burst":
        return burst(client, control, job.n);
      case "outage":
        return outage(client, control, job.n, job.outageMs, job.captureOverMs);
      case "unreachable":
        return unreachable(client, job.n);
    }
  })();
  return measured.note === undefined
    ? { ok: true, figures: measured.figures }
    : { ok: true, figures: measured.figures, note: measured.note };
}
