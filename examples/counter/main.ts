/**
 * The basics of `@tsactor/core`: define an actor as a class, spawn it, send it messages
 * (fire-and-forget and request/reply), return a slow answer with `deferred`, watch the
 * mailbox push back when it is full, read its metrics, and stop it to get its final state.
 *
 * Run: `npx tsx examples/counter/main.ts`
 */
import { Actor, type ActorRef, actorEvents, type Deferred, deferred, spawn } from "@tsactor/core";

class Counter extends Actor<{ start: number }> {
  count = 0;

  onStart(args: { start: number }, ref: ActorRef<Counter>): void {
    if (args.start < 0) throw new Error("start must be >= 0");
    this.count = args.start;
    console.log(`[${ref.identity()}] started at ${this.count}`);
  }

  onStop(): void {
    console.log(`[counter] stopping at ${this.count}`);
  }

  increment(by: number): number {
    this.count += by;
    return this.count;
  }

  get_(): number {
    return this.count;
  }

  /** A slow answer: the mailbox keeps moving while the "save" is in flight. */
  save(): Deferred<string> {
    const snapshot = this.count;
    return deferred(
      new Promise<string>((resolve) => setTimeout(() => resolve(`saved ${snapshot}`), 20)),
    );
  }
}

actorEvents.on("dead-letter", (letter) => {
  console.log(
    `[dead letter] ${letter.identity} ${letter.name}(${String(letter.payload)}): ${letter.reason}`,
  );
});

const [counter, done] = spawn(Counter, { start: 10 }, { mailboxCapacity: 4 });

void counter.tell("increment", 5);
console.log("tell increment(5): queued, not awaited");

const n = await counter.ask("increment", 1);
console.log(`ask increment(1) -> ${n.ok ? n.value : n.error.kind}`);

const saving = counter.ask("save");
const now = await counter.ask("get_");
console.log(`ask get_() while the save is in flight -> ${now.value}`);
console.log(`ask save() -> ${(await saving).value}`);

// Fill the mailbox while the actor is busy: tryTell answers "mailbox-full" instead of waiting.
const results: string[] = [];
for (let i = 0; i < 6; i++) {
  const sent = counter.tryTell("increment", 1);
  results.push(sent.ok ? "ok" : sent.error.kind);
}
console.log(`6 tryTells into a mailbox of 4: ${results.join(", ")}`);

// tell waits for room instead (backpressure); a timeout bounds the wait.
const waited = await counter.tell("increment", 100, { timeout: 1000 });
console.log(`tell with backpressure -> ${waited.ok ? "accepted" : waited.error.kind}`);

const m = counter.metrics();
console.log(`metrics: ${m.messageCount} messages, avg ${m.avgHandlingMs.toFixed(3)} ms`);

await counter.stop();
const late = await counter.tell("increment", 1);
console.log(`tell after stop -> ${late.ok ? "accepted" : late.error.kind}`);

const result = await done;
console.log(
  `result: ${result.status}, killed=${result.killed}, final count=${result.actor?.count}, ` +
    `unprocessed=${result.unprocessed.length}`,
);

const [broken, brokenDone] = spawn(Counter, { start: -1 });
const failed = await brokenDone;
console.log(
  `spawn with start -1: ${failed.status}` +
    (failed.status === "failed" ? ` in ${failed.phase}: ${(failed.error as Error).message}` : ""),
);
console.log(`${broken.identity()} alive? ${broken.isAlive()}`);
