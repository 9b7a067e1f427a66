/**
 * Runs one actor-runtime job: loads the implementation named by the job and hands it to the
 * workload. An implementation that cannot load yet yields its reason, not a figure.
 */
import { loadImpl } from "../actors/registry.ts";
import type { ActorImpl } from "../actors/types.ts";
import type { Job } from "../jobs.ts";
import type { Outcome } from "../types.ts";
import { askWorkload } from "./ask.ts";
import { fanInWorkload } from "./fan-in.ts";
import { spawnWorkload } from "./spawn.ts";
import { tellWorkload } from "./tell.ts";

type ActorJob = Extract<Job, { kind: "actor" }>;

function noteFor(impl: ActorImpl, job: ActorJob): string | undefined {
  switch (job.workload) {
    case "tell":
      return impl.notes.tell;
    case "ask":
      return impl.notes.ask;
    case "spawn":
      return impl.notes.spawn;
    case "fan-in":
      return impl.notes.fanIn;
  }
}

/** Runs one actor job in this process. */
export async function runActorJob(job: ActorJob): Promise<Outcome> {
  const loaded = await loadImpl(job.impl);
  if (!loaded.ok) return { ok: false, reason: loaded.reason };
  const { impl } = loaded;
  const figures = await (async () => {
    switch (job.workload) {
      case "tell":
        return tellWorkload(impl, job.n);
      case "ask":
        return askWorkload(impl, job.n);
      case "spawn":
        return spawnWorkload(impl, job.n);
      case "fan-in":
        return fanInWorkload(impl, job.senders, job.n, job.capacity);
    }
  })();
  const note = noteFor(impl, job);
  return note === undefined ? { ok: true, figures } : { ok: true, figures, note };
}
