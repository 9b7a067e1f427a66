/**
 * The four PostHog workloads: capture cost, burst, outage and unreachable. Each takes a
 * loaded client and the control channel to the ingestion server, and returns its figures
 * (times in ms or µs, wall-clock moments in ms so that the runner can compare them with a
 * process's end).
 */
import type { Figures } from "../types.ts";
import type { BenchClient } from "./clients.ts";
import type { Control } from "./control.ts";
import { wallNow } from "./ingest.ts";

/** Figures plus a note. */
export interface Measured {
  readonly figures: Figures;
  readonly note?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** µs per `capture()` over `n` calls in a tight loop (the synchronous cost only). */
export function captureCost(client: BenchClient, n: number): Measured {
  const start = performance.now();
  for (let i = 0; i < n; i++) client.capture(i);
  const elapsed = performance.now() - start;
  return { figures: { usPerCapture: (elapsed * 1000) / n } };
}

function deliveryNote(duplicates: number, client: BenchClient): string | undefined {
  const notes: string[] = [];
  if (duplicates > 0) notes.push(`${duplicates} duplicates received`);
  const left = client.leftInQueue();
  if (left !== undefined && left > 0) notes.push(`${left} left in its queue`);
  if (client.refused() > 0) notes.push(`${client.refused()} captures refused (reported drops)`);
  return notes.length === 0 ? undefined : notes.join("; ");
}

/** `n` captures in a tight loop, then shutdown: received, delivery time, peak RSS. */
export async function burst(client: BenchClient, control: Control, n: number): Promise<Measured> {
  await control.reset();
  const start = wallNow();
  for (let i = 0; i < n; i++) client.capture(i);
  await client.shutdown(60_000);
  const stats = await control.settle(n, 500, 5_000);
  const figures: Record<string, number> = {
    received: stats.received,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (stats.lastAt !== null) figures.deliveryMs = stats.lastAt - start;
  const note = deliveryNote(stats.duplicates, client);
  return note === undefined ? { figures } : { figures, note };
}

/**
 * An outage of `outageMs` during which `n` events are captured over `captureOverMs`; then
 * waits (without shutdown) until all arrived or none came for a while, then shuts down.
 */
export async function outage(
  client: BenchClient,
  control: Control,
  n: number,
  outageMs: number,
  captureOverMs: number,
): Promise<Measured> {
  await control.reset();
  const recoveryAt = (await control.outage(outageMs)).outageEndsAt ?? wallNow();
  const ticks = Math.max(1, Math.round(captureOverMs / 10));
  const perTick = Math.ceil(n / ticks);
  let sent = 0;
  while (sent < n) {
    const upTo = Math.min(n, sent + perTick);
    for (; sent < upTo; sent++) client.capture(sent);
    await sleep(10);
  }
  await sleep(Math.max(0, recoveryAt - wallNow()));
  const waitMs = Math.max(3_000, outageMs / 2);
  await control.settle(n, waitMs, waitMs * 3);
  const shutdownAt = wallNow();
  await client.shutdown(5_000);
  const stats = await control.settle(n, 500, 3_000);
  const figures: Record<string, number> = { received: stats.received };
  if (stats.lastAt !== null && stats.lastAt >= recoveryAt)
    figures.recoveryToLastMs = stats.lastAt - recoveryAt;
  const notes = [deliveryNote(stats.duplicates, client)];
  if (stats.lastAt !== null && stats.lastAt > shutdownAt && stats.received > 0) {
    notes.push("last events arrived only with the shutdown drain");
  }
  const note = notes.filter((x) => x !== undefined).join("; ");
  return note === "" ? { figures } : { figures, note };
}

/** Nothing listening: `n` captures, then `shutdown(5000)`; the runner times the exit. */
export async function unreachable(client: BenchClient, n: number): Promise<Measured> {
  for (let i = 0; i < n; i++) client.capture(i);
  const start = wallNow();
  await client.shutdown(5_000);
  const resolvedAt = wallNow();
  const figures: Record<string, number> = { resolveMs: resolvedAt - start, resolvedAt };
  const undelivered = client.undelivered();
  if (undelivered !== undefined) return { figures: { ...figures, undelivered } };
  const left = client.leftInQueue();
  return {
    figures,
    note: `no API reports undelivered events${left === undefined ? "" : ` (its internal queue still held ${left})`}`,
  };
}
