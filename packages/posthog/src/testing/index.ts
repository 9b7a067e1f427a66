/**
 * `@tsactor/posthog/testing`: a real PostHog-compatible HTTP server for tests, demos and
 * benchmarks. It speaks PostHog's capture routes (classic, AI and V1), the feature-flag
 * routes and scripted private-API routes, records every request and accepted event, and
 * injects faults (status sequences, delays, resets, outages, slow bodies, unreachability).
 * This is the one barrel of the subpath; the internal modules are not exported.
 */

export type {
  Fault,
  FaultPlan,
  FaultStep,
  RetryAfter,
  RouteSelector,
  V1EventResult,
} from "./fault-types.ts";
export type {
  FlagDefinitions,
  FlagsRequestBody,
  FlagsScript,
  PrivateApiAnswer,
  PrivateApiRoute,
  ScriptedFlag,
} from "./script-types.ts";
export { startTestServer } from "./server.ts";
export type { TestServer } from "./test-server.ts";
export type {
  CapturedEvent,
  RecordedRequest,
  RecordMode,
  RouteKind,
  ServerStats,
  TestServerOptions,
  WaitOptions,
} from "./types.ts";
