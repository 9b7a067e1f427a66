/**
 * Runs one supervision job: tell through `sup.ref` against a plain ref, and restart latency
 * (tsActor's `supervise` against nact's reset). tsActor's rows say why they are n/a until
 * `supervise` exists in `@tsactor/core`.
 */
import type { Job } from "../jobs.ts";
import type { Outcome } from "../types.ts";
import { nactRestart } from "./nact.ts";

type SupervisionJob = Extract<Job, { kind: "supervision" }>;

/** Runs one supervision job in this process. */
export async function runSupervisionJob(job: SupervisionJob): Promise<Outcome> {
  if (job.impl === "nact") {
    if (job.workload !== "restart")
      return { ok: false, reason: "nact runs only the restart workload" };
    return { ok: true, figures: await nactRestart(job.n) };
  }
  const core: Record<string, unknown> = await import("@tsactor/core");
  if (typeof core.supervise !== "function")
    return { ok: false, reason: "@tsactor/core exports no supervise yet" };
  return { ok: false, reason: "supervision adapter not written yet" };
}
