/**
 * Runs the test server as its own process (for benchmarks and demos that want the server
 * off the measured event loop): `tsx packages/posthog/src/testing/cli.ts --port 0`. It
 * serves the `/_test/` control routes, prints one JSON line `{"url","port","pid"}` on
 * stdout once listening, and closes on SIGINT/SIGTERM (or when stdin ends, with
 * `--exit-on-stdin-end`, so a parent that dies takes it along).
 *
 * Options: `--port <n>` (0), `--host <addr>` (127.0.0.1), `--record all|counts`,
 * `--max-request-bytes <n>`, `--max-event-bytes <n>`, `--exit-on-stdin-end`.
 */

import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { startTestServer } from "./server.ts";
import type { RecordMode } from "./types.ts";

/**
 * Parses the arguments, starts the server and wires the signals.
 *
 * @param argv - the arguments after the script name
 * @example
 * ```ts
 * await main(["--port", "0", "--record", "counts"]);
 * ```
 */
export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: "string", default: "0" },
      host: { type: "string", default: "127.0.0.1" },
      record: { type: "string", default: "all" },
      "max-request-bytes": { type: "string" },
      "max-event-bytes": { type: "string" },
      "exit-on-stdin-end": { type: "boolean", default: false },
    },
    strict: true,
  });
  const record = values.record as RecordMode;
  if (record !== "all" && record !== "counts") {
    throw new Error(`--record must be "all" or "counts", got "${values.record}"`);
  }
  const server = await startTestServer({
    port: integer("port", values.port),
    host: values.host,
    record,
    control: true,
    ...(values["max-request-bytes"] === undefined
      ? {}
      : { maxRequestBytes: integer("max-request-bytes", values["max-request-bytes"]) }),
    ...(values["max-event-bytes"] === undefined
      ? {}
      : { maxEventBytes: integer("max-event-bytes", values["max-event-bytes"]) }),
  });
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (values["exit-on-stdin-end"]) {
    process.stdin.once("end", stop);
    process.stdin.resume();
  }
  process.stdout.write(
    `${JSON.stringify({ url: server.url, port: server.port, pid: process.pid })}\n`,
  );
}

function integer(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(resolve(script)) === realpathSync(import.meta.filename);
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
