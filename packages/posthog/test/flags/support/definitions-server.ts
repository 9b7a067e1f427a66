/**
 * A tiny `/flags/definitions` server on 127.0.0.1 for the differential test: it answers
 * posthog-node's definition requests with whatever payload the test sets, so posthog-node
 * loads exactly the definitions we compile, over real HTTP.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A running definitions server. */
export interface DefinitionsServer {
  readonly url: string;
  /** The payload the next request gets. */
  set(payload: unknown): void;
  close(): Promise<void>;
}

/** Starts a definitions server on a free port. */
export async function startDefinitionsServer(): Promise<DefinitionsServer> {
  let body = JSON.stringify({ flags: [] });
  const server = createServer((request, response) => {
    request.resume();
    if (request.url?.startsWith("/flags/definitions")) {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(body);
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    set(payload) {
      body = JSON.stringify(payload);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
