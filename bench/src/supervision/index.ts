/**
 * Runs one supervision job: tell through `sup.ref` against a plain ref (the tell workload
 * on both), and restart latency (tsActor's `supervise` against nact's reset). tsActor's rows
 * say why they are n/a until `supervise` exists in `@tsactor/core`.
 */
import { tsactor } from "../actors/tsactor.ts";
import type { Job } from "../jobs.ts";
import type { Outcome } from "../types.ts";
import { tellWorkload } from "../workloads/tell.ts";
import { nactRestart } from "./nact.ts";
import { findSupervise, supervisedImpl, tsactorRestart } from "./tsactor.ts";

type SupervisionJob = Extract<Job, { kind: "supervision" }>;

/** Runs one supervision job in this process. */
export async function runSupervisionJob(job: SupervisionJob): Promise<Outcome> {
  if (job.impl === "nact") {
    if (job.workload !== "restart")
      return { ok: false, reason: "nact runs only the restart workload" };
    return { ok: true, figures: await nactRestart(job.n) };
  }
  if (job.impl === "tsactor-plain") {
    if (job.workload !== "sup-tell") return { ok: false, reason: "a plain ref runs only sup-tell" };
    return { ok: true, figures: await tellWorkload(tsactor, job.n) };
  }
  const supervise = findSupervise();
  if (typeof supervise === "string") return { ok: false, reason: supervise };
  if (job.workload === "restart")
    return { ok: true, figures: await tsactorRestart(supervise, job.n) };
  return { ok: true, figures: await tellWorkload(supervisedImpl(supervise), job.n) };
}
