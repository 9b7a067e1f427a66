/**
 * The main demo of tsActor's PostHog client: a capture actor delivering a realistic stream
 * of product events while PostHog goes down for a while (503) and then rate-limits (429 with
 * `Retry-After`), with live progress, and a summary that proves every event was delivered
 * exactly once (by uuid), followed by the actor's final `ActorResult`.
 *
 * Without `POSTHOG_API_KEY` it runs against the embedded test server from
 * `@tsactor/posthog/testing` (faults included); with it, against PostHog (`POSTHOG_HOST`, or
 * the US cloud), where no fault can be injected. Run: `pnpm demo`, or
 * `npx tsx examples/posthog-capture/main.ts`.
 */
import { createPostHog, type PostHog } from "@tsactor/posthog";
import { startTestServer, type TestServer } from "@tsactor/posthog/testing";
import { Progress } from "./progress.ts";
import { Traffic } from "./traffic.ts";

const apiKey = process.env.POSTHOG_API_KEY ?? "";
const server: TestServer | undefined = apiKey === "" ? await startTestServer() : undefined;
const host = server?.url ?? process.env.POSTHOG_HOST;

let posthog: PostHog;
try {
  posthog = createPostHog({
    apiKey: server === undefined ? apiKey : "phc_tsactor_demo",
    ...(host === undefined ? {} : { host }),
    flushAt: 100,
    flushIntervalMs: 1_000,
  });
} catch (error) {
  console.error(`Cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

const progress = new Progress();
const captured: string[] = [];
const acceptedByPostHog: string[] = [];
let refused = 0;
let retries = 0;
let parkedBatches = 0;
posthog.on("flush", (batch) => acceptedByPostHog.push(...batch.uuids));
posthog.on("retry", () => {
  retries += 1;
});
posthog.on("retry-exhausted", () => {
  parkedBatches += 1;
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Captures `perTick` events every 25 ms for `ms` milliseconds. */
async function traffic(stream: Traffic, ms: number, perTick: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    for (const result of stream.send(perTick)) {
      if (result.ok) captured.push(result.value);
      else refused += 1;
    }
    await sleep(25);
  }
}

/** Shows the actor's counts (read without a message, so it never waits behind captures). */
function showStatus(): void {
  const s = posthog.stats();
  progress.status(
    `captured ${captured.length} · delivered ${s.delivered} · queued ${s.queued} · in flight ${s.inFlight} · parked ${s.parked} · retries ${s.retries} · dropped ${s.dropped}`,
  );
}

const where =
  server === undefined
    ? `PostHog at ${host ?? "https://us.i.posthog.com"}`
    : `the embedded test server at ${server.url}`;
console.log(`tsActor × PostHog: capturing product events into ${where}\n`);

const watcher = setInterval(showStatus, 100);
const stream = new Traffic(posthog);
if (server !== undefined) {
  progress.note("▶ steady traffic (400 events/s)");
  await traffic(stream, 1_500, 10);
  progress.note("✖ PostHog is down: every request answers 503 for 3 s (capture keeps going)");
  server.setFaults({ kind: "outage", status: 503, durationMs: 3_000 });
  await traffic(stream, 3_500, 10);
  progress.note("✔ PostHog is back; parked batches go out with the next successful request");
  await traffic(stream, 1_000, 10);
  progress.note("⏳ PostHog rate-limits: 429 with Retry-After: 1 s");
  server.setFaults({ kind: "sequence", steps: [{ kind: "status", status: 429, retryAfter: 1 }] });
  await traffic(stream, 1_500, 10);
} else {
  progress.note(
    "▶ steady traffic (40 events/s) for 3 s (faults are only injected into the embedded server)",
  );
  await traffic(stream, 3_000, 1);
}
progress.note("■ traffic stopped; shutting down (deliver everything, within 10 s)");
const result = await posthog.shutdown(10_000);
clearInterval(watcher);
showStatus();
progress.end();

const undelivered = result.actor?.undelivered() ?? [];
const received = server?.uuids() ?? acceptedByPostHog;
const receivedSet = new Set(received);
const duplicates = received.length - receivedSet.size;
const missing = captured.filter((uuid) => !receivedSet.has(uuid)).length;
const capturedSet = new Set(captured);
const unexpected = received.filter((uuid) => !capturedSet.has(uuid)).length;
const finalStats = result.actor?.stats();
const exactlyOnce = duplicates === 0 && missing === 0 && unexpected === 0 && refused === 0;

console.log("\nSummary");
console.log(`  captured      ${captured.length} events (${refused} refused at capture)`);
console.log(
  `  received      ${received.length} by ${server === undefined ? "PostHog (accepted batches)" : "the server"}: ${receivedSet.size} unique uuids, ${duplicates} duplicates, ${missing} missing`,
);
console.log(
  `  retries       ${retries} (${parkedBatches} ${parkedBatches === 1 ? "batch" : "batches"} parked after their attempts, all sent again)`,
);
console.log(
  `  stats         delivered ${finalStats?.delivered ?? 0} · rejected ${finalStats?.rejected ?? 0} · dropped ${finalStats?.dropped ?? 0} · retries ${finalStats?.retries ?? 0}`,
);
console.log(
  `  ActorResult   { status: "${result.status}", killed: ${result.killed}, unprocessed: ${result.unprocessed.length}, undelivered: ${undelivered.length} }`,
);
console.log(
  exactlyOnce
    ? `\n✓ every one of the ${captured.length} events was delivered exactly once`
    : "\n✗ some events were not delivered exactly once (see above)",
);

await server?.close();
if (!exactlyOnce || result.status !== "completed") process.exitCode = 1;
