/**
 * Shared pieces of the client tests: keys that must never leak, a logger that records
 * every line, and a client pointed at a test server with short retry delays.
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TestServer } from "../../src/testing/index.ts";
import { PostHogClient, type PostHogClientOptions, type PostHogLogger } from "./exports.ts";

export const PROJECT_TOKEN = "phc_project_token_public";
export const PERSONAL_KEY = "phx_personal_secret_never_logged";

export interface LogLine {
  readonly level: "debug" | "info" | "warn" | "error";
  readonly fields: Record<string, unknown>;
  readonly message: string | undefined;
}

/** A pino-compatible logger that keeps every line. */
export function recordingLogger(): PostHogLogger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine["level"]) =>
    (fields: Record<string, unknown>, message?: string): void => {
      lines.push({ level, fields, message });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A client for the server, with millisecond retry delays unless overridden. */
export function clientFor(
  server: TestServer,
  options: Partial<PostHogClientOptions> = {},
): PostHogClient {
  return new PostHogClient({
    apiKey: PROJECT_TOKEN,
    personalApiKey: PERSONAL_KEY,
    host: server.url,
    timeoutMs: 2_000,
    ...options,
    retry: { baseDelayMs: 5, maxDelayMs: 1_000, ...options.retry },
  });
}

/** Gaps in ms between the arrival of consecutive requests. */
export function gaps(server: TestServer): number[] {
  const times = server.requests.map((request) => request.receivedAt);
  return times.slice(1).map((time, index) => time - (times[index] as number));
}

/**
 * A bare node:http server for answers the test server does not give (a body that is not
 * JSON). Every request is answered by `handler`.
 */
export async function startRawServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ readonly url: string; readonly hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server = createServer((request, response) => {
    hits += 1;
    request.resume();
    request.on("end", () => handler(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
