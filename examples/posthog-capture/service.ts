/**
 * "Drain PostHog on deploy": the capture actor as a supervised service. A `PostHogActor` runs
 * under `supervise` inside an actor system with `handleSignals`; a traffic actor captures through
 * the stable `sup.ref` on a timer. Mid-run PostHog goes down and the capture actor crashes (a
 * simulated bug): the crashed incarnation tries to deliver what it holds, and `nextArgs` hands
 * what it could not deliver to the next incarnation, which sends it once PostHog is back. At the
 * end (or on SIGTERM / Ctrl-C) the system stops the traffic first, then drains PostHog, and the
 * summary checks that every event arrived exactly once.
 *
 * Run with tsx directly (npx does not forward SIGTERM):
 * `node_modules/.bin/tsx examples/posthog-capture/service.ts` — try `kill -TERM <pid>` mid-run.
 * Without `POSTHOG_API_KEY` it uses the embedded test server (with the outage); with it, PostHog.
 */
import {
  Actor,
  type ActorRef,
  type ActorResult,
  actorEvents,
  createActorSystem,
  type ShutdownEntry,
} from "@tsactor/core";
import { PostHogActor, type PostHogActorOptions, uuidv7 } from "@tsactor/posthog";
import { startTestServer } from "@tsactor/posthog/testing";

/** `PostHogActor` with a simulated bug, so that the demo can show a restart. */
class SupervisedPostHog extends PostHogActor {
  /** For the demo only: a bug that crashes the actor. */
  simulateCrash(): never {
    throw new Error("simulated bug in the capture actor");
  }
}

/** Captures a few events through the supervised ref every 20 ms. */
class Traffic extends Actor<{ posthog: ActorRef<SupervisedPostHog>; sent: string[] }> {
  posthog!: ActorRef<SupervisedPostHog>;
  sent: string[] = [];
  onStart(args: { posthog: ActorRef<SupervisedPostHog>; sent: string[] }, self: ActorRef<Traffic>) {
    this.posthog = args.posthog;
    this.sent = args.sent;
    self.scheduleEvery("tick", undefined, 20);
  }
  tick(): void {
    for (let i = 0; i < 4; i++) {
      const uuid = uuidv7();
      const n = this.sent.length;
      this.sent.push(uuid);
      void this.posthog.tell("capture", {
        distinctId: `user-${n % 50}`,
        event: n % 10 === 0 ? "signed_up" : "$pageview",
        properties: { n },
        uuid,
      });
    }
  }
}

const apiKey = process.env.POSTHOG_API_KEY ?? "";
const server = apiKey === "" ? await startTestServer() : undefined;
const options: PostHogActorOptions = {
  apiKey: server === undefined ? apiKey : "phc_tsactor_demo",
  host: server?.url ?? process.env.POSTHOG_HOST,
  flushIntervalMs: 250,
  shutdownTimeoutMs: 2_000, // how long an incarnation keeps delivering once it stops
  retryProbeMs: 250,
};

const system = createActorSystem({ name: "posthog-service", shutdownTimeoutMs: 10_000 });
const posthog = system.supervise(SupervisedPostHog, options, {
  restart: "on-failure",
  backoff: { initialMs: 50 },
  // The tells the dead incarnation never handled are re-delivered by `supervise` itself; the
  // rest of what it could not deliver (held in its pipeline) is handed over, same uuids.
  nextArgs: (last: ActorResult<SupervisedPostHog>) => {
    const handover = last.actor?.undelivered() ?? [];
    console.log(`capture actor crashed: ${handover.length} undelivered events handed over`);
    return { ...options, handover };
  },
  spawnOptions: { name: "posthog" },
});
const sent: string[] = [];
// Sends that can no longer be delivered (a stop during a restart) are dead letters, never lost.
const deadLetters = new Set<string>();
actorEvents.on("dead-letter", ({ name, payload }) => {
  const uuid = (payload as { uuid?: string } | undefined)?.uuid;
  if (name === "capture" && uuid !== undefined) deadLetters.add(uuid);
});
system.spawn(Traffic, { posthog: posthog.ref, sent }); // newer: stopped before PostHog drains

let summarised = false;
function summary(entries: ReadonlyArray<ShutdownEntry>): void {
  if (summarised) return;
  summarised = true;
  for (const entry of entries) {
    const how =
      entry.kind === "supervised"
        ? entry.result.reason
        : entry.kind === "actor"
          ? entry.result.status
          : "hung";
    console.log(`  ${String(entry.identity)}: ${how}${entry.killed ? " (killed)" : ""}`);
  }
  const supervised = entries.find((entry) => entry.kind === "supervised");
  const results = supervised?.kind === "supervised" ? supervised.result.results : [];
  // Handed back: the last incarnation's, or a crashed one's if supervision ended before a restart.
  const handedBack = new Set(
    results
      .flatMap((r) => (r.actor as SupervisedPostHog | undefined)?.undelivered() ?? [])
      .map((e) => e.uuid),
  );
  const accounted = new Set([...handedBack, ...deadLetters]);
  console.log(`handed back undelivered: ${handedBack.size} · dead letters: ${deadLetters.size}`);
  if (server === undefined) return;
  const received = server.uuids();
  const unique = new Set(received);
  const missing = sent.filter((uuid) => !unique.has(uuid)).length;
  const duplicates = received.length - unique.size;
  console.log(
    `captured ${sent.length} · received ${unique.size} · missing ${missing} · duplicates ${duplicates}`,
  );
  if (missing === 0 && duplicates === 0) console.log("✓ every event delivered exactly once");
  else if (duplicates === 0 && sent.every((uuid) => unique.has(uuid) || accounted.has(uuid))) {
    console.log("✓ nothing lost silently: every missing event was handed back or dead-lettered");
  } else {
    console.log("✗ not exactly once");
    process.exitCode = 1;
  }
}
system.handleSignals(["SIGTERM", "SIGINT"], {
  onShutdown: (entries) => {
    console.log("signal: drained");
    summary(entries);
  },
});
console.log(`capturing (pid ${process.pid}); SIGTERM or Ctrl-C drains and exits`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
if (server !== undefined) {
  await sleep(1_000);
  console.log("PostHog is down (503) for 3 s");
  server.setFaults({ kind: "outage", status: 503, durationMs: 3_000 });
  await sleep(1_000);
  void posthog.ref.tell("simulateCrash");
  await sleep(3_000);
} else {
  await sleep(3_000);
}
console.log("deploy: shutting down");
summary(await system.shutdown());
await server?.close();
