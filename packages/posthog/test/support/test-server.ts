/**
 * The test-server set-up that the integration, facade and conformance tests share: either
 * one server for the whole file, reset before each test, or a fresh server for each test
 * with the facades made on it, which are shut down after the test, before the server
 * closes. Each call registers its vitest hooks, so call it at the top of a test file.
 */

import { afterAll, afterEach, beforeEach } from "vitest";
import { createPostHog, type PostHog, type PostHogOptions } from "../../src/index.ts";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";

/**
 * One test server for the whole file: started now, reset before each test, closed after
 * the last one.
 *
 * @returns The server, once it listens.
 * @example
 * ```ts
 * const server = await sharedTestServer();
 * ```
 */
export function sharedTestServer(): Promise<TestServer> {
  const started = startTestServer();
  beforeEach(async () => {
    (await started).reset();
  });
  afterAll(async () => {
    await (await started).close();
  });
  return started;
}

/** What {@link serverPerTest} gives a test file. */
export interface PerTestServer {
  /** The current test's server (only inside a test or its hooks). */
  readonly server: TestServer;
  /**
   * A facade on the current test's server (`host` defaults to it), shut down after the test.
   *
   * @param options - Its options.
   */
  posthog(options: PostHogOptions): PostHog;
}

/**
 * A fresh test server for each test, and facades on it that are shut down (without
 * waiting) after the test, before the server closes.
 *
 * @example
 * ```ts
 * const env = serverPerTest();
 * it("captures", () => {
 *   const posthog = env.posthog({ apiKey: "phc_test" });
 *   env.server.setFaults({ kind: "status", status: 503 });
 * });
 * ```
 */
export function serverPerTest(): PerTestServer {
  let current: TestServer | undefined;
  const shutdowns: (() => Promise<unknown>)[] = [];
  beforeEach(async () => {
    current = await startTestServer();
  });
  afterEach(async () => {
    for (const shutdown of shutdowns.splice(0)) await shutdown();
    await current?.close();
  });
  const env: PerTestServer = {
    get server(): TestServer {
      if (current === undefined) throw new Error("The test server runs only inside a test");
      return current;
    },
    posthog(options) {
      const posthog = createPostHog({ host: env.server.url, ...options });
      shutdowns.push(() => posthog.shutdown(0));
      return posthog;
    },
  };
  return env;
}
