/**
 * The route table: which {@link RouteKind} a method and path belong to, and which handler
 * answers it. A known path with the wrong method answers 405, an unknown path 404, both
 * with PostHog's error body.
 */

import { type Answer, errorAnswer, type RouteContext } from "./answer.ts";
import { handleCaptureV1 } from "./routes/capture-v1.ts";
import type { FlagRoutes } from "./routes/flags.ts";
import { handleCapture } from "./routes/ingestion.ts";
import type { PrivateApiRoutes } from "./routes/private-api.ts";
import type { RouteKind } from "./types.ts";

const CAPTURE_PATHS: ReadonlySet<string> = new Set([
  "/batch",
  "/e",
  "/i/v0/e",
  "/capture",
  "/track",
]);
const DEFINITION_PATHS: ReadonlySet<string> = new Set([
  "/flags/definitions",
  "/api/feature_flag/local_evaluation",
]);

/** Which methods each route accepts. */
const METHODS: Readonly<Record<RouteKind, readonly string[] | undefined>> = {
  capture: ["POST"],
  "capture-ai": ["POST"],
  "capture-v1": ["POST"],
  flags: ["POST"],
  "flag-definitions": ["GET"],
  "private-api": undefined,
  control: undefined,
  unknown: undefined,
};

/**
 * Classifies a path.
 *
 * @param path - the path without its query string
 * @param control - whether the control routes are served
 * @example
 * ```ts
 * classify("/batch/", false); // "capture"
 * ```
 * @internal
 */
export function classify(path: string, control: boolean): RouteKind {
  const bare = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  if (CAPTURE_PATHS.has(bare)) return "capture";
  if (bare === "/i/v0/ai/batch" || bare === "/i/v0/ai") return "capture-ai";
  if (bare === "/i/v1/analytics/events") return "capture-v1";
  if (bare === "/flags") return "flags";
  if (DEFINITION_PATHS.has(bare)) return "flag-definitions";
  if (bare.startsWith("/api/")) return "private-api";
  if (control && bare.startsWith("/_test/")) return "control";
  return "unknown";
}

/** The scripted parts the handlers read. @internal */
export interface Handlers {
  readonly flags: FlagRoutes;
  readonly privateApi: PrivateApiRoutes;
}

/**
 * Answers a request normally (no fault).
 *
 * @example
 * ```ts
 * const answer = route("capture", context, handlers);
 * ```
 * @internal
 */
export function route(kind: RouteKind, context: RouteContext, handlers: Handlers): Answer {
  const allowed = METHODS[kind];
  if (allowed !== undefined && !allowed.includes(context.request.method)) {
    return {
      ...errorAnswer(
        405,
        "invalid_request",
        "method_not_allowed",
        `Method "${context.request.method}" not allowed.`,
      ),
      headers: { allow: allowed.join(", ") },
    };
  }
  switch (kind) {
    case "capture":
    case "capture-ai":
      return handleCapture(context);
    case "capture-v1":
      return handleCaptureV1(context);
    case "flags":
      return handlers.flags.evaluate(context);
    case "flag-definitions":
      return handlers.flags.definitionsFor(context);
    case "private-api":
      return handlers.privateApi.answer(context);
    case "control":
    case "unknown":
      return errorAnswer(404, "invalid_request", "not_found", "Not found.");
  }
}
