/**
 * Supervision by hand: a worker crashes now and then, and a loop inspects each `ActorResult`,
 * puts the work the dead incarnation never handled back in front (its `unprocessed` tells),
 * and restarts it with exponential backoff, giving up after too many crashes. This is what
 * `supervise(...)` will do in one call; written out, it shows what an `ActorResult` carries.
 *
 * Run: `npx tsx examples/supervision/main.ts`
 */
import {
  Actor,
  type ActorResult,
  isFailed,
  spawn,
  stoppedNormally,
  type UnprocessedMessage,
} from "@tsactor/core";

interface Job {
  readonly id: number;
}

/** Handles jobs; every job whose id is a multiple of 7 crashes it (the first time only). */
class Worker extends Actor<{ incarnation: number; crashed: Set<number> }> {
  incarnation = 0;
  crashed = new Set<number>();
  done: number[] = [];

  onStart(args: { incarnation: number; crashed: Set<number> }): void {
    this.incarnation = args.incarnation;
    this.crashed = args.crashed;
  }

  async process(job: Job): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (job.id % 7 === 0 && !this.crashed.has(job.id)) {
      this.crashed.add(job.id);
      throw new Error(`job ${job.id} hit a bug`);
    }
    this.done.push(job.id);
  }
}

const jobs: Job[] = Array.from({ length: 30 }, (_, i) => ({ id: i + 1 }));
const crashed = new Set<number>();
const handled: number[] = [];
const maxRestarts = 5;
let backoffMs = 10;
let incarnation = 0;
let pending: Job[] = [...jobs];

for (;;) {
  incarnation += 1;
  const [worker, done] = spawn(Worker, { incarnation, crashed }, { mailboxCapacity: 8 });
  console.log(`incarnation ${incarnation}: ${pending.length} jobs to go`);

  // Feed the jobs; `tell` waits while the mailbox is full and answers "stopped" once it crashed.
  let fed = 0;
  for (const job of pending) {
    const sent = await worker.tell("process", job);
    if (!sent.ok) break;
    fed += 1;
  }
  const notFed = pending.slice(fed);
  if (notFed.length === 0) await worker.stop();

  const result: ActorResult<Worker> = await done;
  handled.push(...(result.actor?.done ?? []));

  if (stoppedNormally(result)) {
    console.log(`incarnation ${incarnation}: stopped normally`);
    break;
  }
  if (isFailed(result)) {
    const leftover = result.unprocessed.map((m: UnprocessedMessage) => m.payload as Job);
    console.log(
      `incarnation ${incarnation}: failed in ${result.phase} (${(result.error as Error).message}); ` +
        `${leftover.length} queued jobs unprocessed, ${notFed.length} not yet sent`,
    );
    if (incarnation > maxRestarts) {
      console.log("too many crashes: giving up");
      break;
    }
    // The crashing job is not retried; everything the worker accepted but never handled is.
    pending = [...leftover, ...notFed];
    console.log(`restarting in ${backoffMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, backoffMs));
    backoffMs = Math.min(backoffMs * 2, 200);
  }
}

const lost = jobs.map((j) => j.id).filter((id) => !handled.includes(id));
console.log(
  `handled ${handled.length} of ${jobs.length} jobs; crashed on: ${[...crashed].join(", ")}`,
);
console.log(`not handled: ${lost.join(", ") || "none"} (the crashing jobs are not retried)`);
