/**
 * Starts the conformance adapter's HTTP server for one setup and returns a handle to stop
 * it: the server, then every SDK instance it made. `main.ts` runs it as a process; tests run
 * it in-process against the package's own test server.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { AdapterConfig } from "./adapter-config.ts";
import { createFacadeInstance, SDK_NAME, SDK_VERSION } from "./facade-instance.ts";
import { sendJson } from "./http-json.ts";
import { InstanceRegistry } from "./instances.ts";
import { handle } from "./routes.ts";
import type { SdkInstance } from "./sdk-instance.ts";

/** A running adapter. */
export interface RunningAdapter {
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
  /** Stops the server and every SDK instance. */
  close(): Promise<void>;
}

/**
 * Starts the adapter.
 *
 * @param config - Address, capture protocol and codec.
 * @param onError - Told about a request the adapter failed to handle.
 * @example
 * ```ts
 * const adapter = await startAdapter({ host: "127.0.0.1", port: 0, mode: "v0", codec: "gzip", idleMs: 60_000 });
 * ```
 */
export async function startAdapter(
  config: AdapterConfig,
  onError: (error: unknown) => void = () => {},
): Promise<RunningAdapter> {
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
      onError(error);
      if (!response.headersSent) sendJson(response, 500, { success: false, error: String(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await registry.closeAll();
      await closed;
    },
  };
}
