/**
 * The byte-level side of the server: reading a request body under a size limit (counting
 * and draining what goes over it), writing an answer at once or dribbled for a slow-body
 * fault, and the set of timers the server owns so that `close()` can cancel them all.
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer } from "./answer.ts";

/** A body as read. @internal */
export interface ReadBody {
  readonly raw: Buffer;
  readonly bytes: number;
  readonly tooLarge: boolean;
  /** The client went away before the body ended. */
  readonly aborted: boolean;
}

/**
 * Reads a request body, keeping at most `maxBytes` (the rest is drained and counted).
 *
 * @example
 * ```ts
 * const body = await readBody(request, 20 * 1024 * 1024);
 * ```
 * @internal
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (aborted: boolean) => {
      if (settled) return;
      settled = true;
      const tooLarge = bytes > maxBytes;
      resolve({
        raw: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks),
        bytes,
        tooLarge,
        aborted,
      });
    };
    request.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= maxBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on("end", () => finish(false));
    request.on("error", () => finish(true));
    request.on("close", () => finish(!request.complete));
  });
}

/** Options of a dribbled answer. @internal */
export interface Dribble {
  readonly intervalMs: number;
  readonly chunkBytes: number;
}

/**
 * Timers owned by the server, all cancelled by `clear()`.
 *
 * @example
 * ```ts
 * const timers = new TimerSet();
 * timers.after(100, () => {});
 * timers.clear();
 * ```
 * @internal
 */
export class TimerSet {
  readonly #timers = new Set<NodeJS.Timeout>();

  after(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  cancel(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

/**
 * Writes an answer with its length (JSON unless the answer's own `content-type` says
 * otherwise and the body is a string or a `Buffer`), at once or `dribble.chunkBytes` every
 * `dribble.intervalMs`.
 *
 * @returns `false` when the response could not be written (the client is gone)
 * @example
 * ```ts
 * writeAnswer(response, { status: 200, body: { status: "Ok" } }, undefined, timers);
 * ```
 * @internal
 */
export function writeAnswer(
  response: ServerResponse,
  answer: Answer,
  dribble: Dribble | undefined,
  timers: TimerSet,
): boolean {
  if (response.destroyed || response.headersSent) return false;
  const noBody = answer.status === 204 || answer.status === 304 || answer.body === undefined;
  const headers: Record<string, string | number> = {};
  if (!noBody) headers["content-type"] = "application/json";
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  const payload = noBody ? Buffer.alloc(0) : encode(answer.body, String(headers["content-type"]));
  if (answer.status !== 204 && answer.status !== 304) headers["content-length"] = payload.length;
  response.writeHead(answer.status, headers);
  if (dribble === undefined || payload.length === 0) {
    response.end(payload);
    return true;
  }
  const chunkBytes = Math.max(1, Math.floor(dribble.chunkBytes));
  let offset = 0;
  const next = () => {
    if (response.destroyed) return;
    const end = Math.min(offset + chunkBytes, payload.length);
    const chunk = payload.subarray(offset, end);
    offset = end;
    if (offset >= payload.length) {
      response.end(chunk);
      return;
    }
    response.write(chunk);
    timers.after(dribble.intervalMs, next);
  };
  response.flushHeaders();
  timers.after(dribble.intervalMs, next);
  return true;
}

/**
 * A body as bytes: a `Buffer` as is, a string as is when the content type is not JSON,
 * anything else as JSON.
 */
function encode(body: unknown, contentType: string): Buffer {
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === "string" && !contentType.toLowerCase().includes("json")) {
    return Buffer.from(body);
  }
  return Buffer.from(JSON.stringify(body));
}
