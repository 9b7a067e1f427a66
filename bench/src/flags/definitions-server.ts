/**
 * A node:http server on 127.0.0.1, in the worker's own process, that serves the bench's flag
 * definitions on `/flags/definitions` (and the older `/api/feature_flag/local_evaluation`)
 * and `{}` anywhere else. The clients load the definitions from it once, before anything is
 * timed.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { localEvaluationBody } from "./definitions.ts";

/** A running definitions server. */
export interface DefinitionsServer {
  readonly url: string;
  close(): void;
}

/** Starts a server that serves `flags` flag definitions. */
export async function startDefinitionsServer(flags: number): Promise<DefinitionsServer> {
  const body = JSON.stringify(localEvaluationBody(flags));
  const server = createServer((req, res) => {
    req.resume();
    const path = req.url ?? "";
    const definitions =
      path.startsWith("/flags/definitions") ||
      path.startsWith("/api/feature_flag/local_evaluation");
    res.writeHead(200, { "content-type": "application/json" }).end(definitions ? body : "{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
