/**
 * Runs one feature-flags job: posthog-node's local evaluation through its public
 * `getAllFlags`, or tsActor's evaluator from `packages/posthog/src/flags/` (n/a with the
 * reason while it cannot be loaded).
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
    case "tsactor": {
      const figures = await tsactorFlags(job.flags, job.iterations);
      if (typeof figures === "string") return { ok: false, reason: figures };
      return {
        ok: true,
        figures,
        note: "internal evaluator (evaluateFlags), called directly and synchronously: not yet behind a public API",
      };
    }
  }
}
