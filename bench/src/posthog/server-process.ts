/**
 * The entry of the ingestion server process the runner starts for the PostHog groups, so
 * that the server's work never runs on a client's event loop. It starts the project's test
 * server (or the stand-in), opens a small control server for the workers (`GET /stats`,
 * `POST /reset`, `POST /outage?ms=`), prints one line with both URLs, and exits when its
 * stdin closes.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type IngestServer, SERVER_PREFIX } from "./ingest.ts";
import { startRealServer } from "./real-server.ts";
import { startStandinServer } from "./standin-server.ts";

const real = await startRealServer().catch(
  (error: unknown) => `test server failed: ${String(error)}`,
);
const ingest: IngestServer = typeof real === "string" ? await startStandinServer() : real;
const fallbackReason = typeof real === "string" ? real : undefined;

const control = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://control");
  const reply = (body: unknown): void => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  req.resume();
  req.on("end", () => {
    if (url.pathname === "/stats") return reply(ingest.stats());
    if (url.pathname === "/reset") {
      ingest.reset();
      return reply({ ok: true });
    }
    if (url.pathname === "/outage") {
      ingest.outage(Number(url.searchParams.get("ms") ?? "0"));
      return reply(ingest.stats());
    }
    res.writeHead(404).end();
  });
});
await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
const { port } = control.address() as AddressInfo;

process.stdout.write(
  `${SERVER_PREFIX}${JSON.stringify({
    ingestUrl: ingest.url,
    controlUrl: `http://127.0.0.1:${port}`,
    kind: ingest.kind,
    fallbackReason,
  })}\n`,
);

const stop = (): void => {
  control.closeAllConnections();
  control.close();
  void ingest.close().then(() => process.exit(0));
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
