import { Actor, supervise } from "@tsactor/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

interface RecorderArgs {
  readonly handled: number[];
  readonly crashes: ReadonlySet<number>;
}

/** Records every message; crashes on the ones listed in `crashes`. */
class Recorder extends Actor<RecorderArgs> {
  handled: number[] = [];
  crashes: ReadonlySet<number> = new Set();

  onStart(args: RecorderArgs): void {
    this.handled = args.handled;
    this.crashes = args.crashes;
  }

  record(n: number): void {
    if (this.crashes.has(n)) throw new Error(`crash on ${n}`);
    this.handled.push(n);
  }

  async recordSlowly(n: number): Promise<void> {
    await Promise.resolve();
    this.record(n);
  }

  ping(): number {
    return this.handled.length;
  }
}

const scenario = fc.record({
  senders: fc.array(fc.array(fc.boolean(), { minLength: 1, maxLength: 25 }), {
    minLength: 1,
    maxLength: 4,
  }),
  crashRate: fc.integer({ min: 0, max: 4 }),
  mailboxCapacity: fc.integer({ min: 1, max: 6 }),
  backoffMs: fc.constantFrom(0, 0, 1),
  slow: fc.boolean(),
});

describe("sup.ref under restarts", () => {
  it("never handles an accepted tell twice, and loses none but the crashing ones", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        async ({ senders, crashRate, mailboxCapacity, backoffMs, slow }) => {
          const handled: number[] = [];
          const crashes = new Set<number>();
          for (const [s, flags] of senders.entries()) {
            for (const [i, flag] of flags.entries()) {
              if (flag && crashRate > 0 && i % crashRate === 0) crashes.add(s * 1000 + i);
            }
          }
          const sup = supervise(
            Recorder,
            { handled, crashes },
            {
              restart: "always",
              maxRestarts: 1_000,
              backoff: { initialMs: backoffMs, maxMs: 2 },
              spawnOptions: { mailboxCapacity },
            },
          );
          const accepted: number[] = [];
          await Promise.all(
            senders.map(async (flags, s) => {
              for (let i = 0; i < flags.length; i++) {
                const n = s * 1000 + i;
                const sent = await sup.ref.tell(slow && i % 3 === 0 ? "recordSlowly" : "record", n);
                if (sent.ok) accepted.push(n);
              }
            }),
          );
          // Once a ping is answered, every tell accepted before it has been handled or crashed.
          for (let ping = await sup.ref.ask("ping"); !ping.ok; ping = await sup.ref.ask("ping")) {
            expect(ping.error.kind).toBe("stopped");
          }
          await sup.stop();
          const end = await sup.done;

          expect(accepted).toHaveLength(senders.flat().length);
          expect(new Set(handled).size).toBe(handled.length);
          const crashed = end.results.filter((result) => result.status === "failed").length;
          const missing = accepted.filter((n) => !handled.includes(n));
          expect(missing.every((n) => crashes.has(n))).toBe(true);
          expect(missing).toHaveLength(crashed);
          for (let s = 0; s < senders.length; s++) {
            const mine = handled.filter((n) => Math.floor(n / 1000) === s);
            expect(mine).toEqual([...mine].sort((a, b) => a - b));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
