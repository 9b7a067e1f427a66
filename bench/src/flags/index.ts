/**
 * Runs one feature-flags job: local evaluation of the same definitions through
 * posthog-node's `getAllFlags` or tsActor's `FeatureFlags.getAllFlags`.
 */
import type { Job } from "../jobs.ts";
import type { Outcome } from "../types.ts";
import { posthogNodeFlags } from "./posthog-node.ts";
import { tsactorFlags } from "./tsactor.ts";

type FlagsJob = Extract<Job, { kind: "flags" }>;

/** Runs one flags job in this process. */
export async function runFlagsJob(job: FlagsJob): Promise<Outcome> {
  switch (job.impl) {
    case "posthog-node":
      return { ok: true, figures: await posthogNodeFlags(job.flags, job.iterations) };
    case "tsactor":
      return { ok: true, figures: await tsactorFlags(job.flags, job.iterations) };
  }
}
