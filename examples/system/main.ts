/**
 * A small service built on the actor system: an HTTP front (`GET /hit/<page>`, `GET /stats`),
 * a supervised page counter that crashes on `/hit/crash` and is restarted with its counts
 * handed over, an audit log whose writes are slow (so there is always a backlog to drain), a
 * reporter on a timer, and a traffic generator on a timer. On SIGTERM (or Ctrl-C) the system
 * stops everything newest first — the audit log last, once everything that writes to it has
 * ended — and exits 0 with the backlog fully written.
 *
 * Run it with tsx directly (npx does not forward SIGTERM):
 * `node_modules/.bin/tsx examples/system/main.ts`, then `kill -TERM <pid>`.
 */
import { createServer } from "node:http";
import {
  Actor,
  type ActorRef,
  type ActorResult,
  type ActorWeak,
  createActorSystem,
} from "@tsactor/core";

/** Appends audit lines; every write takes 25 ms, so lines queue up under load. */
class AuditLog extends Actor {
  written = 0;
  async write(line: string): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 25));
    this.written += 1;
    if (this.written % 50 === 0)
      console.log(`audit: ${this.written} lines written (last: ${line})`);
  }
  onStop(_self: ActorWeak<AuditLog>, killed: boolean): void {
    console.log(`audit: stopped after ${this.written} lines${killed ? " (killed)" : ""}`);
  }
}

interface CounterArgs {
  readonly audit: ActorRef<AuditLog>;
  readonly counts?: ReadonlyMap<string, number>;
}

/** Counts hits per page; `/hit/crash` throws, and the supervisor restarts it. */
class PageCounter extends Actor<CounterArgs> {
  counts = new Map<string, number>();
  audit!: ActorRef<AuditLog>;
  onStart(args: CounterArgs): void {
    this.audit = args.audit;
    this.counts = new Map(args.counts);
  }
  hit(page: string): number {
    if (page === "crash") throw new Error("a page that crashes the counter");
    const count = (this.counts.get(page) ?? 0) + 1;
    this.counts.set(page, count);
    void this.audit.tell("write", `hit ${page} #${count}`);
    return count;
  }
  stats(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/** Logs the counter's stats every 2 s. */
class Reporter extends Actor<{ counter: ActorRef<PageCounter> }> {
  counter!: ActorRef<PageCounter>;
  onStart(args: { counter: ActorRef<PageCounter> }, self: ActorRef<Reporter>): void {
    this.counter = args.counter;
    self.scheduleEvery("report", undefined, 2_000);
  }
  async report(): Promise<void> {
    const stats = await this.counter.ask("stats", undefined, { timeout: 1_000 });
    if (stats.ok) console.log("stats:", JSON.stringify(stats.value));
  }
}

/** Simulated traffic: a hit on a random page every 20 ms. */
class Traffic extends Actor<{ counter: ActorRef<PageCounter> }> {
  counter!: ActorRef<PageCounter>;
  onStart(args: { counter: ActorRef<PageCounter> }, self: ActorRef<Traffic>): void {
    this.counter = args.counter;
    self.scheduleEvery("tick", undefined, 20);
  }
  tick(): void {
    const pages = ["home", "pricing", "docs", "blog"];
    void this.counter.tell("hit", pages[Math.floor(Math.random() * pages.length)] ?? "home");
  }
}

const system = createActorSystem({ name: "example", shutdownTimeoutMs: 15_000 });
// Spawned first, stopped last: everything that writes to it has ended by then.
const [audit] = system.spawn(AuditLog, undefined, { name: "audit", mailboxCapacity: 10_000 });
const counter = system.supervise(
  PageCounter,
  { audit },
  {
    backoff: { initialMs: 50 },
    maxRestarts: 10,
    withinMs: 10_000,
    // `supervise` respawns with these args: the dead incarnation's counts carry over.
    nextArgs: (last: ActorResult<PageCounter>) => ({
      audit,
      counts: last.actor?.counts ?? new Map(),
    }),
    spawnOptions: { name: "counter" },
  },
);
counter.events.on("restart", ({ attempt, delay }) =>
  console.log(`counter crashed: restart #${attempt} in ${Math.round(delay)} ms`),
);
system.spawn(Reporter, { counter: counter.ref });
system.spawn(Traffic, { counter: counter.ref });

const server = createServer((request, response) => {
  const [, route, page] = (request.url ?? "/").split("/");
  const reply = (value: unknown, status = 200) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(`${JSON.stringify(value)}\n`);
  };
  if (route === "hit" && page !== undefined && page !== "") {
    void counter.ref.ask("hit", page, { timeout: 2_000 }).then((count) => {
      reply(
        count.ok ? { page, count: count.value } : { error: count.error.kind },
        count.ok ? 200 : 503,
      );
    });
  } else if (route === "stats") {
    void counter.ref.ask("stats", undefined, { timeout: 2_000 }).then((stats) => {
      reply(stats.ok ? stats.value : { error: stats.error.kind }, stats.ok ? 200 : 503);
    });
  } else {
    reply({ routes: ["/hit/<page>", "/hit/crash", "/stats"] }, 404);
  }
});
const port = Number(process.env.PORT ?? 3000);
server.listen(port, "127.0.0.1", () => {
  console.log(
    `listening on http://127.0.0.1:${port} — pid ${process.pid}; stop with kill -TERM ${process.pid}`,
  );
});

system.handleSignals(["SIGTERM", "SIGINT"], {
  onShutdown: (entries) => {
    server.close();
    for (const entry of entries) {
      const how =
        entry.kind === "hung"
          ? "hung"
          : entry.kind === "supervised"
            ? entry.result.reason
            : entry.result.status;
      console.log(`shutdown: ${String(entry.identity)} ${how}${entry.killed ? " (killed)" : ""}`);
    }
  },
});
process.on("SIGTERM", () => console.log("SIGTERM: draining…"));
