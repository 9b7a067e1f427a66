/**
 * The PostHog clients as the workloads see them: `capture(i)` sends the i-th bench event,
 * `shutdown(ms)` drains, and what the client itself reports as undelivered (tsActor's final
 * state; posthog-node has no such report, so only its internal queue can be read). Each
 * client is loaded on demand, so that a missing facade only affects its own rows.
 */
import type { PosthogClientName } from "../jobs.ts";

/** One client under test. */
export interface BenchClient {
  /** Captures the i-th bench event. */
  capture(i: number): void;
  /** Drains within `timeoutMs`. */
  shutdown(timeoutMs: number): Promise<void>;
  /** Events the client reports as not delivered after shutdown, undefined if it cannot say. */
  undelivered(): number | undefined;
  /** Events still in its internal queue, when that can be read. */
  leftInQueue(): number | undefined;
  /** Captures the client refused (a drop it reported), 0 when it has no way to say. */
  refused(): number;
}

/** A loader result: the client, or why it cannot run yet. */
export type ClientLoad =
  | { readonly ok: true; readonly client: BenchClient }
  | { readonly ok: false; readonly reason: string };

/** The project token every client sends (a public value). */
export const API_KEY = "phc_bench_token";

/** The i-th bench event, in posthog-node's argument shape (which createPostHog shares). */
export function benchEvent(i: number): {
  distinctId: string;
  event: string;
  properties: Record<string, string | number>;
} {
  return {
    distinctId: `user-${i % 1000}`,
    event: "bench_event",
    properties: { i, plan: "pro", source: "bench" },
  };
}

async function posthogNode(host: string, noDrop: boolean, events: number): Promise<ClientLoad> {
  const { PostHog } = await import("posthog-node");
  const client = new PostHog(API_KEY, {
    host,
    ...(noDrop ? { maxQueueSize: events + 1_000 } : {}),
  });
  return {
    ok: true,
    client: {
      capture: (i) => client.capture(benchEvent(i)),
      shutdown: (timeoutMs) => client.shutdown(timeoutMs),
      undelivered: () => undefined,
      leftInQueue: () => {
        const queue: unknown = client.getPersistedProperty("queue" as never);
        return Array.isArray(queue) ? queue.length : undefined;
      },
      refused: () => 0,
    },
  };
}

async function tsactor(host: string): Promise<ClientLoad> {
  const { createPostHog } = await import("@tsactor/posthog");
  const posthog = createPostHog({ apiKey: API_KEY, host });
  let refused = 0;
  let undelivered: number | undefined;
  return {
    ok: true,
    client: {
      capture: (i) => {
        if (!posthog.capture(benchEvent(i)).ok) refused += 1;
      },
      shutdown: async (timeoutMs) => {
        const result = await posthog.shutdown(timeoutMs);
        undelivered = result.actor?.undelivered().length ?? 0;
      },
      undelivered: () => undelivered,
      leftInQueue: () => undefined,
      refused: () => refused,
    },
  };
}

/** A client that does nothing: the floor of what a process costs (exit time, RSS). */
const NO_CLIENT: BenchClient = {
  capture: () => {},
  shutdown: () => Promise.resolve(),
  undelivered: () => 0,
  leftInQueue: () => undefined,
  refused: () => 0,
};

/** Loads one client pointed at `host`; `events` sizes posthog-node's no-drop queue. */
export function loadClient(
  name: PosthogClientName,
  host: string,
  events: number,
): Promise<ClientLoad> {
  switch (name) {
    case "tsactor":
      return tsactor(host);
    case "posthog-node":
      return posthogNode(host, false, events);
    case "posthog-node-nodrop":
      return posthogNode(host, true, events);
    case "none":
      return Promise.resolve({ ok: true, client: NO_CLIENT });
  }
}
