/**
 * Supervision in one call: a worker crashes now and then, and `supervise` restarts it behind a
 * stable `sup.ref`. The jobs are fed through `sup.ref` without caring about crashes: a send made
 * during a restart simply waits for the next incarnation.
 *
 * What `supervise` does underneath is what you would write by hand with `spawn`: await each
 * incarnation's `JoinHandle`, read its `ActorResult`, decide from the policy whether to restart
 * (here only failures), count restarts in a sliding window (give up after 5 within a minute),
 * wait a doubling, jittered backoff, spawn the next incarnation with `nextArgs(lastResult)`, and
 * put the tells the dead one had accepted but never handled (`result.unprocessed`) back in front
 * of its mailbox. The job that crashed it is not re-delivered.
 *
 * Run: `npx tsx examples/supervision/main.ts`
 */
import { Actor, type ActorResult, supervise } from "@tsactor/core";

interface Job {
  readonly id: number;
}

interface WorkerArgs {
  readonly incarnation: number;
  readonly crashed: Set<number>;
}

/** Handles jobs; every job whose id is a multiple of 7 crashes it (the first time only). */
class Worker extends Actor<WorkerArgs> {
  incarnation = 0;
  crashed = new Set<number>();
  done: number[] = [];

  onStart(args: WorkerArgs): void {
    this.incarnation = args.incarnation;
    this.crashed = args.crashed;
    console.log(`incarnation ${this.incarnation}: started`);
  }

  async process(job: Job): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (job.id % 7 === 0 && !this.crashed.has(job.id)) {
      this.crashed.add(job.id);
      throw new Error(`job ${job.id} hit a bug`);
    }
    this.done.push(job.id);
  }

  /** Answers once every job queued before it has been handled. */
  handled(): number {
    return this.done.length;
  }
}

const jobs: Job[] = Array.from({ length: 30 }, (_, i) => ({ id: i + 1 }));
const crashed = new Set<number>();

const sup = supervise(
  Worker,
  { incarnation: 1, crashed },
  {
    restart: "on-failure",
    maxRestarts: 5,
    withinMs: 60_000,
    backoff: { initialMs: 10, maxMs: 200 },
    nextArgs: (last: ActorResult<Worker>) => ({
      incarnation: (last.actor?.incarnation ?? 0) + 1,
      crashed,
    }),
    spawnOptions: { mailboxCapacity: 8 },
  },
);

sup.events.on("restart", ({ result, attempt, delay }) => {
  const why = result.status === "failed" ? (result.error as Error).message : "completed";
  console.log(
    `incarnation ${result.actor?.incarnation ?? "?"}: ${why}; ` +
      `${result.unprocessed.filter((m) => m.kind === "tell").length} queued ` +
      `jobs go to the next one; restart #${attempt} in ${Math.round(delay)} ms`,
  );
});
sup.events.on("give-up", ({ cause }) => console.log(`too many crashes: giving up (${cause})`));

// Feed the jobs; `tell` waits while the mailbox is full, and during a restart.
for (const job of jobs) {
  const sent = await sup.ref.tell("process", job);
  if (!sent.ok) console.log(`job ${job.id} not sent: ${sent.error.kind}`);
}
// Wait until everything sent has been handled. An ask is never re-delivered: one that was queued
// in an incarnation that crashed answers "stopped", so ask again (the tells queued with it were
// re-delivered to the next incarnation, ahead of the new ask).
for (let idle = await sup.ref.ask("handled"); !idle.ok; idle = await sup.ref.ask("handled")) {
  console.log(`waiting for the queue: ${idle.error.kind}, asking again`);
}
// sup.stop() restarts nothing: a crash during its graceful drain would end supervision.
await sup.stop();
const end = await sup.done;

const handled = end.results.flatMap((result) => result.actor?.done ?? []);
const lost = jobs.map((j) => j.id).filter((id) => !handled.includes(id));
console.log(`supervision ended: ${end.reason}, after ${end.results.length} incarnations`);
console.log(
  `handled ${handled.length} of ${jobs.length} jobs; crashed on: ${[...crashed].join(", ")}`,
);
console.log(`not handled: ${lost.join(", ") || "none"} (the crashing jobs are not retried)`);
