import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const service = fileURLToPath(
  new URL("../packages/core/test/system/fixtures/service.ts", import.meta.url),
);

interface Run {
  readonly child: ChildProcess;
  /** Resolves when stdout has printed `line`. */
  printed(line: string): Promise<void>;
  /** Resolves with the exit code and everything printed. */
  readonly exited: Promise<{ code: number | null; out: string }>;
}

const running: ChildProcess[] = [];

function start(jobs: number, msPerJob: number): Run {
  const child = spawn(tsx, [service, String(jobs), String(msPerJob)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  running.push(child);
  let out = "";
  const waiters: Array<{ line: string; resolve: () => void }> = [];
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    for (const waiter of waiters) if (out.includes(`${waiter.line}\n`)) waiter.resolve();
  });
  const exited = new Promise<{ code: number | null; out: string }>((resolve) => {
    child.on("exit", (code) => resolve({ code, out }));
  });
  return {
    child,
    printed: (line) =>
      new Promise((resolve) => {
        if (out.includes(`${line}\n`)) resolve();
        else waiters.push({ line, resolve });
      }),
    exited,
  };
}

function report(out: string): { handled: number; killed: string[]; kinds: string[] } {
  const line = out.split("\n").find((text) => text.startsWith("{"));
  if (line === undefined) throw new Error(`no report in ${JSON.stringify(out)}`);
  return JSON.parse(line);
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

describe("an actor system in a real process", () => {
  it("drains every queued job on SIGTERM and exits 0", async () => {
    const run = start(40, 10);
    await run.printed("ready"); // 40 jobs queued, about 400 ms of work
    run.child.kill("SIGTERM");
    const { code, out } = await run.exited;
    expect(code).toBe(0);
    expect(report(out)).toEqual({
      handled: 40,
      killed: [],
      kinds: ["actor", "actor", "supervised"],
    });
  });

  it("kills at once on a second SIGTERM and exits 1", async () => {
    const run = start(500, 20); // 10 s to drain
    await run.printed("ready");
    run.child.kill("SIGTERM");
    await run.printed("draining");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = performance.now();
    run.child.kill("SIGTERM");
    const { code, out } = await run.exited;
    const took = performance.now() - second;
    expect(code).toBe(1);
    const { handled, killed } = report(out);
    expect(killed).toEqual(["sink"]);
    expect(handled).toBeGreaterThan(0);
    expect(handled).toBeLessThan(500);
    expect(took).toBeLessThan(5000); // far from the 10 s a drain would take
  });
});
