/**
 * Starts and stops the ingestion server process for the PostHog groups (a child of the
 * runner, so that the server's work never shares a client's event loop), and finds a port
 * with nothing listening for the unreachable case.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { SERVER_PREFIX, type ServerAnnouncement } from "./posthog/ingest.ts";

const SERVER = fileURLToPath(new URL("./posthog/server-process.ts", import.meta.url));
const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));

/** A running server process. */
export interface ServerHandle extends ServerAnnouncement {
  stop(): Promise<void>;
}

/** Starts the server process and resolves once it has announced its URLs. */
export function startServer(): Promise<ServerHandle> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SERVER], {
    cwd: BENCH_DIR,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.stdin?.end();
    });
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const line = stdout.split("\n").find((l) => l.startsWith(SERVER_PREFIX));
      if (line !== undefined) {
        const announcement = JSON.parse(line.slice(SERVER_PREFIX.length)) as ServerAnnouncement;
        resolve({ ...announcement, stop });
      }
    });
    child.once("exit", (code) =>
      reject(new Error(`server process ended (${code}): ${stderr.trim()}`)),
    );
  });
}

/** A URL on 127.0.0.1 whose port nothing listens on (bound, then released). */
export function deadUrl(): Promise<string> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      probe.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}
