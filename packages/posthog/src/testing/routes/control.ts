/**
 * The control routes under `/_test/`, served only with the `control` option (as `cli.ts`
 * does), for a test server that runs in another process: read the counters and events,
 * reset, and set faults or flag answers as JSON. Control requests are never recorded.
 *
 * - `GET /_test/stats` → `ServerStats`
 * - `GET /_test/events` → `{ events }`, `GET /_test/requests` → `{ requests }` (no raw bodies)
 * - `POST /_test/reset`, `POST /_test/clear-records`
 * - `PUT /_test/faults` (a `FaultPlan` or an array; `retryAfter` in seconds), `DELETE /_test/faults`
 * - `PUT /_test/flags` (a `FlagsScript` with a flags object), `PUT /_test/flag-definitions`
 */

import type { Result } from "typescript-result";
import { type Answer, errorAnswer } from "../answer.ts";
import type { DecodedBody, DecodeError } from "../decode-body.ts";
import type { FaultPlan } from "../fault-types.ts";
import type { FlagDefinitions, FlagsScript } from "../script-types.ts";
import type { TestServer } from "../test-server.ts";

/**
 * Answers a control request.
 *
 * @example
 * ```ts
 * handleControl("GET", "/_test/stats", decoded, server); // { status: 200, body: { requests: 0, … } }
 * ```
 * @internal
 */
export function handleControl(
  method: string,
  path: string,
  decoded: Result<DecodedBody, DecodeError>,
  server: TestServer,
): Answer {
  const action = `${method} ${path.endsWith("/") ? path.slice(0, -1) : path}`;
  const ok: Answer = { status: 200, body: { ok: true } };
  const json = decoded.isOk() ? decoded.value.json : undefined;
  switch (action) {
    case "GET /_test/stats":
      return { status: 200, body: server.stats() };
    case "GET /_test/events":
      return { status: 200, body: { events: server.events } };
    case "GET /_test/requests":
      return {
        status: 200,
        body: { requests: server.requests.map(({ rawBody: _raw, ...rest }) => rest) },
      };
    case "POST /_test/reset":
      server.reset();
      return ok;
    case "POST /_test/clear-records":
      server.clearRecords();
      return ok;
    case "PUT /_test/faults":
    case "POST /_test/faults":
      if (json === undefined) return badControl("a fault plan (JSON) is required");
      server.setFaults(json as FaultPlan | FaultPlan[]);
      return ok;
    case "DELETE /_test/faults":
      server.clearFaults();
      return ok;
    case "PUT /_test/flags":
      if (json === undefined) return badControl("a flags script (JSON) is required");
      server.setFlags(json as FlagsScript);
      return ok;
    case "PUT /_test/flag-definitions":
      if (json === undefined) return badControl("flag definitions (JSON) are required");
      server.setFlagDefinitions(json as FlagDefinitions);
      return ok;
    default:
      return errorAnswer(404, "invalid_request", "not_found", `no control route ${action}`);
  }
}

function badControl(detail: string): Answer {
  return errorAnswer(400, "validation_error", "invalid_input", detail);
}
