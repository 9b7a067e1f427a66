/**
 * posthog-node's local evaluation: the client loads the flag definitions once from a server
 * in this process (not timed), then `getAllFlags(…, { onlyEvaluateLocally: true })` is timed
 * over many evaluations.
 */
import type { Figures } from "../types.ts";
import { PERSON } from "./definitions.ts";
import { startDefinitionsServer } from "./definitions-server.ts";

/** µs per evaluation of all `flags` flags for one person. */
export async function posthogNodeFlags(flags: number, iterations: number): Promise<Figures> {
  const server = await startDefinitionsServer(flags);
  const { PostHog } = await import("posthog-node");
  const client = new PostHog("phc_bench_token", {
    host: server.url,
    personalApiKey: "phx_bench_personal_key",
    featureFlagsPollingInterval: 600_000,
  });
  if (!(await client.waitForLocalEvaluationReady(10_000))) {
    throw new Error("posthog-node never loaded the flags");
  }
  const options = { personProperties: PERSON.properties, onlyEvaluateLocally: true };
  const evaluate = () => client.getAllFlags(PERSON.distinctId, options);
  const first = await evaluate();
  if (Object.keys(first).length !== flags) {
    throw new Error(`posthog-node evaluated ${Object.keys(first).length} of ${flags} flags`);
  }
  for (let i = 0; i < Math.floor(iterations / 10); i++) await evaluate();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await evaluate();
  const elapsed = performance.now() - start;
  await client.shutdown(1_000);
  server.close();
  return { usPerEval: (elapsed * 1000) / iterations };
}
