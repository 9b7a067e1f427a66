/**
 * The conformance adapter: an HTTP service that lets PostHog's SDK compliance harness drive
 * `@tsactor/posthog` (see `ADAPTER_GUIDE.md` in the harness). It listens on `HOST`/`PORT`
 * (127.0.0.1:8080 by default) and serves one capture protocol and one compression codec,
 * chosen by `POSTHOG_CONFORMANCE_MODE` and `POSTHOG_CONFORMANCE_COMPRESSION` (see
 * `adapter-config.ts`). `pnpm conformance` starts it once per run; SIGTERM/SIGINT stop every
 * SDK instance and the server.
 *
 *   POSTHOG_CONFORMANCE_MODE=v1 PORT=8080 node --import tsx packages/posthog/conformance/main.ts
 */
import { createServer } from "node:http";
import { readConfig } from "./adapter-config.ts";
import { createFacadeInstance, SDK_NAME, SDK_VERSION } from "./facade-instance.ts";
import { sendJson } from "./http-json.ts";
import { InstanceRegistry } from "./instances.ts";
import { handle } from "./routes.ts";
import type { SdkInstance } from "./sdk-instance.ts";

const config = readConfig(process.env);
if (typeof config === "string") {
  process.stderr.write(`conformance adapter: ${config}\n`);
  process.exit(2);
}

const registry = new InstanceRegistry<SdkInstance>(config.idleMs);
const context = {
  config,
  registry,
  create: (init: Record<string, unknown>, testId: string | undefined) =>
    createFacadeInstance(config, init, testId),
  sdkName: SDK_NAME,
  sdkVersion: SDK_VERSION,
};

const server = createServer((request, response) => {
  handle(context, request, response).catch((error: unknown) => {
    process.stderr.write(`conformance adapter: ${String(error)}\n`);
    if (!response.headersSent) sendJson(response, 500, { success: false, error: String(error) });
  });
});

server.listen(config.port, config.host, () => {
  process.stdout.write(
    `conformance adapter on http://${config.host}:${config.port} (capture ${config.mode}, compression ${config.codec})\n`,
  );
});

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  await registry.closeAll();
  process.exit(0);
}
process.on("SIGTERM", () => void close());
process.on("SIGINT", () => void close());
