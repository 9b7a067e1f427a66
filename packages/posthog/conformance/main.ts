/**
 * The conformance adapter: an HTTP service that lets PostHog's SDK compliance harness drive
 * `@tsactor/posthog` (see `ADAPTER_GUIDE.md` in the harness, and `README.md` here). It
 * listens on `HOST`/`PORT` (127.0.0.1:8080 by default) and serves one capture protocol and
 * one compression codec, chosen by `POSTHOG_CONFORMANCE_MODE` and
 * `POSTHOG_CONFORMANCE_COMPRESSION` (see `adapter-config.ts`). `pnpm conformance` starts it
 * once per run; SIGTERM or SIGINT stop every SDK instance, then the process.
 *
 *   POSTHOG_CONFORMANCE_MODE=v1 PORT=8080 node --import tsx packages/posthog/conformance/main.ts
 */
import { readConfig } from "./adapter-config.ts";
import { startAdapter } from "./adapter-server.ts";

const config = readConfig(process.env);
if (typeof config === "string") {
  process.stderr.write(`conformance adapter: ${config}\n`);
  process.exit(2);
}

const adapter = await startAdapter(config, (error) => {
  process.stderr.write(`conformance adapter: ${String(error)}\n`);
});
process.stdout.write(
  `conformance adapter on ${adapter.url} (capture ${config.mode}, compression ${config.codec})\n`,
);

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  await adapter.close();
  process.exit(0);
}
process.on("SIGTERM", () => void close());
process.on("SIGINT", () => void close());
