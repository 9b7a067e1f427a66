/**
 * Small helpers for the test-server tests: plain `fetch` calls with a JSON body, optionally
 * compressed, and an event factory.
 */

import { randomUUID } from "node:crypto";
import { gzipSync } from "node:zlib";

/** A valid classic-capture event. */
export function anEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event: "signed_up",
    distinct_id: "user-1",
    uuid: randomUUID(),
    properties: { plan: "pro" },
    timestamp: new Date().toISOString(),
    ...overrides,
  };
}

/** POSTs `body` as JSON (or raw bytes) and returns the response with its parsed JSON. */
export async function post(
  url: string,
  body: unknown,
  init: { headers?: Record<string, string>; gzip?: boolean; raw?: Buffer | string } = {},
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  let payload: Buffer | string = init.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json", ...init.headers };
  if (init.gzip === true) {
    payload = gzipSync(payload);
    headers["content-encoding"] = "gzip";
  }
  const response = await fetch(url, { method: "POST", headers, body: payload });
  return read(response);
}

/** Reads a response: status, headers, text and JSON (undefined when not JSON). */
export async function read(
  response: Response,
): Promise<{ status: number; headers: Headers; json: unknown; text: string }> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A classic `/batch/` body. */
export function batchBody(events: unknown[], extra: Record<string, unknown> = {}): unknown {
  return { api_key: "phc_test", batch: events, sent_at: new Date().toISOString(), ...extra };
}
