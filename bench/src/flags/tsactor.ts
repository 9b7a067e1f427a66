/**
 * tsActor's local evaluation through its public API: `FeatureFlags` from
 * `@tsactor/posthog`, in posthog-node's shapes. It loads the definitions once from a server
 * in this process (not timed), then `getAllFlags(…, { onlyEvaluateLocally: true })` is
 * timed over many evaluations, exactly as posthog-node's.
 */
import type { Figures } from "../types.ts";
import { PERSON } from "./definitions.ts";
import { startDefinitionsServer } from "./definitions-server.ts";

/** µs per evaluation of all `flags` flags for one person. */
export async function tsactorFlags(flags: number, iterations: number): Promise<Figures> {
  const server = await startDefinitionsServer(flags);
  const { FeatureFlags } = await import("@tsactor/posthog");
  const client = new FeatureFlags({
    apiKey: "phc_bench_token",
    host: server.url,
    personalApiKey: "phx_bench_personal_key",
    featureFlagsPollingIntervalMs: 600_000,
  });
  if (!(await client.waitForLocalEvaluationReady(10_000))) {
    throw new Error("FeatureFlags never loaded the flags");
  }
  const options = { personProperties: PERSON.properties, onlyEvaluateLocally: true };
  const evaluate = async (): Promise<Record<string, unknown>> => {
    const all = await client.getAllFlags(PERSON.distinctId, options);
    if (!all.ok) throw all.error;
    return all.value;
  };
  const first = await evaluate();
  if (Object.keys(first).length !== flags) {
    throw new Error(`FeatureFlags evaluated ${Object.keys(first).length} of ${flags} flags`);
  }
  for (let i = 0; i < Math.floor(iterations / 10); i++) await evaluate();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await evaluate();
  const elapsed = performance.now() - start;
  await client.shutdown();
  server.close();
  return { usPerEval: (elapsed * 1000) / iterations };
}
