/**
 * posthog-node's local evaluation: the client loads the flag definitions once from a
 * node:http server in this process (not timed), then `getAllFlags(..., { onlyEvaluateLocally })`
 * is timed over many evaluations. posthog-node 5 loads them from `/flags/definitions`; older
 * versions used `/api/feature_flag/local_evaluation`, and both paths are served.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Figures } from "../types.ts";
import { localEvaluationBody, PERSON } from "./definitions.ts";

/** µs per evaluation of all `flags` flags for one person. */
export async function posthogNodeFlags(flags: number, iterations: number): Promise<Figures> {
  const body = JSON.stringify(localEvaluationBody(flags));
  const server = createServer((req, res) => {
    req.resume();
    const path = req.url ?? "";
    const json =
      path.startsWith("/flags/definitions") || path.startsWith("/api/feature_flag/local_evaluation")
        ? body
        : "{}";
    res.writeHead(200, { "content-type": "application/json" }).end(json);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const { PostHog } = await import("posthog-node");
  const client = new PostHog("phc_bench_token", {
    host: `http://127.0.0.1:${port}`,
    personalApiKey: "phx_bench_personal_key",
    featureFlagsPollingInterval: 600_000,
  });
  if (!(await client.waitForLocalEvaluationReady(10_000)))
    throw new Error("posthog-node never loaded the flags");
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
