/**
 * JSON over `node:http` for the conformance adapter: read a request body as JSON (empty →
 * `{}`), and answer with a JSON body. The harness always sends JSON objects; anything else is
 * answered 400 by the caller.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Largest request body the adapter reads, in bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A JSON object read from a request. */
export type JsonObject = Record<string, unknown>;

/**
 * The request's body as a JSON object.
 *
 * @param request - The incoming request.
 * @returns The object, `{}` for an empty body, or `undefined` when it is not a JSON object.
 */
export async function readJsonObject(request: IncomingMessage): Promise<JsonObject | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Answers with a JSON body.
 *
 * @param response - The response to write.
 * @param status - The HTTP status.
 * @param body - Anything JSON can carry.
 */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const error = (body as { error?: unknown } | null)?.error;
  // The harness prints only the status line of a failed call: put the reason there.
  if (status >= 400 && typeof error === "string") {
    response.statusMessage = error.replace(/[^\x20-\x7e]/g, " ").slice(0, 200);
  }
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
