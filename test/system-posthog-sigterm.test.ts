/**
 * Deploying a service that captures to PostHog: a real child process runs a supervised
 * `PostHogActor` in an actor system with `handleSignals`, holding queued events, and gets
 * SIGTERM. It drains every event to the PostHog-compatible test server and exits 0; a second
 * SIGTERM during a drain that cannot finish (PostHog is down) ends it at once with exit code 1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../packages/posthog/src/testing/index.ts";

const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const service = fileURLToPath(new URL("./fixtures/system-posthog-service.ts", import.meta.url));

interface Run {
  readonly child: ChildProcess;
  /** Resolves with the rest of the first stdout line that starts with `prefix`. */
  line(prefix: string): Promise<string>;
  readonly exited: Promise<{ code: number | null; out: string }>;
}

const running: ChildProcess[] = [];
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await server.close();
});

function start(events: number): Run {
  const child = spawn(tsx, [service, server.url, String(events)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  running.push(child);
  let out = "";
  const waiters: Array<() => void> = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<{ code: number | null; out: string }>((resolve) => {
    child.on("exit", (code) => resolve({ code, out }));
  });
  const find = (prefix: string): string | undefined =>
    out
      .split("\n")
      .find((text, i, all) => text.startsWith(prefix) && i < all.length - 1)
      ?.slice(prefix.length);
  const line = (prefix: string): Promise<string> =>
    new Promise((resolve) => {
      const check = (): void => {
        const found = find(prefix);
        if (found === undefined) waiters.push(check);
        else resolve(found);
      };
      check();
    });
  return { child, line, exited };
}

function report(out: string): Array<{ kind: string; killed: boolean; undelivered?: number }> {
  const line = out.split("\n").find((text) => text.startsWith("["));
  if (line === undefined) throw new Error(`no report in ${JSON.stringify(out)}`);
  return JSON.parse(line);
}

describe("a supervised PostHog actor in a real process", () => {
  it("delivers every queued event on SIGTERM, then exits 0", async () => {
    const run = start(300);
    const uuids = JSON.parse(await run.line("ready ")) as string[];
    expect(uuids).toHaveLength(300);
    expect(server.events).toHaveLength(0); // held in the actor until the drain
    run.child.kill("SIGTERM");
    const { code, out } = await run.exited;
    expect(code).toBe(0);
    expect(report(out)).toEqual([
      { kind: "supervised", killed: false, reason: "stopped", undelivered: 0 },
    ]);
    const received = server.uuids();
    expect(received).toHaveLength(300); // exactly once: no duplicate
    expect(new Set(received)).toEqual(new Set(uuids));
  });

  it("ends at once with exit code 1 on a second SIGTERM while the drain cannot finish", async () => {
    const run = start(50);
    await run.line("ready ");
    server.setFaults({ kind: "always", fault: { kind: "status", status: 503 } });
    run.child.kill("SIGTERM");
    await run.line("draining");
    await new Promise((resolve) => setTimeout(resolve, 300)); // retrying against a 503
    const second = performance.now();
    run.child.kill("SIGTERM");
    const { code, out } = await run.exited;
    expect(code).toBe(1);
    expect(performance.now() - second).toBeLessThan(10_000); // not the 20 s drain deadline
    expect(report(out)[0]?.killed).toBe(true);
    expect(server.uuids()).toHaveLength(0);
  });
});
