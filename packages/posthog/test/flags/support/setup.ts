/**
 * Test setup for `FeatureFlags` against the package's test server: a server, a flags
 * object pointed at it, the `$feature_flag_called` events it captured, and cleanup.
 */
import { afterEach } from "vitest";
import type { FlagCalledEvent } from "../../../src/flags/called-tracker.ts";
import { FeatureFlags } from "../../../src/flags/feature-flags.ts";
import type { FeatureFlagsOptions } from "../../../src/flags/options.ts";
import { startTestServer, type TestServer } from "../../../src/testing/index.ts";

/** A flags object, its server and what it captured. */
export interface FlagsHarness {
  readonly server: TestServer;
  readonly flags: FeatureFlags;
  readonly captured: FlagCalledEvent[];
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Starts a server (with `prepare` applied before the flags object exists) and a flags object.
 *
 * @param options - Options of the flags object, over test defaults.
 * @param prepare - Scripts the server before the first request.
 */
export async function startFlags(
  options: Partial<FeatureFlagsOptions> = {},
  prepare: (server: TestServer) => void = () => {},
): Promise<FlagsHarness> {
  const server = await startTestServer();
  cleanups.push(() => server.close());
  prepare(server);
  const captured: FlagCalledEvent[] = [];
  const flags = new FeatureFlags({
    apiKey: "phc_test_key",
    host: server.url,
    capture: (event) => captured.push(event),
    ...options,
  });
  cleanups.push(() => flags.shutdown());
  return { server, flags, captured };
}

/** Waits until `predicate` holds, polling every 5 ms (fails after `timeoutMs`). */
export async function until(predicate: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A flag definition rolled out to everyone (or to no one). */
export function rolledOut(
  key: string,
  on = true,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: 1,
    key,
    active: true,
    filters: { groups: [{ rollout_percentage: on ? 100 : 0 }] },
    ...extra,
  };
}
