/**
 * Runs one job in a fresh Node process (through tsx's loader, with `--expose-gc` when asked)
 * and collects its outcome line, the wall-clock time at which the process ended, and the
 * tail of its stderr for the error note. A process that outlives its time limit is killed
 * and reported as such; nothing here throws.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Job } from "./jobs.ts";
import { OUTCOME_PREFIX, type Outcome } from "./types.ts";

const WORKER = fileURLToPath(new URL("./worker.ts", import.meta.url));
const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));

/** What one worker process produced. */
export interface ChildResult {
  readonly outcome: Outcome;
  /** Wall-clock ms (`performance.timeOrigin` based) at which the process ended. */
  readonly exitedAt: number;
  /** True when the time limit ran out and the process was killed. */
  readonly killed: boolean;
}

/** Options for {@link runChild}. */
export interface ChildOptions {
  readonly gc: boolean;
  /** Kill the process after this many ms. */
  readonly timeoutMs: number;
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

function parseOutcome(stdout: string): Outcome | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(OUTCOME_PREFIX));
  if (line === undefined) return undefined;
  return JSON.parse(line.slice(OUTCOME_PREFIX.length)) as Outcome;
}

/** Runs `job` in a new Node process and resolves when that process has ended. */
export function runChild(job: Job, options: ChildOptions): Promise<ChildResult> {
  const args = [
    ...(options.gc ? ["--expose-gc"] : []),
    "--import",
    "tsx",
    WORKER,
    JSON.stringify(job),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: BENCH_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let killed = false;
    let exitedAt = 0;
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("exit", () => {
      exitedAt = wallNow();
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const parsed = parseOutcome(stdout);
      const lastError = stderr.trim().split("\n").slice(-3).join(" | ");
      const outcome: Outcome =
        parsed ??
        ({
          ok: false,
          reason: killed
            ? `no result within ${options.timeoutMs / 1000} s`
            : `worker ended (${signal ?? code}) without a result${lastError ? `: ${lastError}` : ""}`,
        } as const);
      resolve({ outcome, exitedAt, killed });
    });
  });
}
