/**
 * `@tsactor/posthog`: a PostHog client for Node services whose event capture runs as a
 * tsActor actor. This is the one barrel of the package; internal modules are not exported.
 * Each section below belongs to one area of the package.
 */

// The generated schema types, for users who want an operation's or a component's type.
export type {
  components as PostHogApiComponents,
  operations as PostHogApiOperations,
  paths as PostHogApiPaths,
} from "./api/generated/schema.ts";

// --- private API: typed requests and the ergonomic groups (src/api) ---
export type { Action, ActionsApi } from "./api/groups/actions.ts";
export type {
  ActivityLogApi,
  ActivityLogEntry,
  ActivityPage,
  ActivityScope,
} from "./api/groups/activity-log.ts";
export type { Annotation, AnnotationsApi } from "./api/groups/annotations.ts";
export type { Cohort, CohortsApi } from "./api/groups/cohorts.ts";
export type { Dashboard, DashboardsApi, DeleteDashboardOptions } from "./api/groups/dashboards.ts";
export type { EventRecord, EventsApi, EventValuesQuery } from "./api/groups/events.ts";
export type { FeatureFlag, FeatureFlagsApi } from "./api/groups/feature-flags.ts";
export type { Insight, InsightQuery, InsightsApi, QueryOptions } from "./api/groups/insights.ts";
export type { DeletePersonOptions, Person, PersonsApi } from "./api/groups/persons.ts";
export type { UntypedRequestOptions } from "./api/private-api.ts";
export type {
  ApiMethod,
  ApiPath,
  BodyFor,
  ItemOf,
  OperationOf,
  Page,
  PaginatedPath,
  ParseAs,
  PathsWith,
  QueryFor,
  RequestArgs,
  RequestOptions,
  ResponseFor,
  Schema,
  SchemaInput,
} from "./api/types.ts";

// --- capture: PostHogActor, and the V1 protocol's public types (src/capture) ---
export { PostHogActor } from "./capture/actor.ts";
export type {
  DropEvent,
  FlushedEvent,
  PostHogCaptureEmitter,
  PostHogCaptureEventName,
  PostHogCaptureEvents,
  RejectEvent,
  RetryEvent,
  RetryExhaustedEvent,
} from "./capture/events.ts";
export type { FlushReport } from "./capture/flush-tracker.ts";
export type { CaptureMode, PostHogActorOptions } from "./capture/options.ts";
export { CAPTURE_DEFAULTS } from "./capture/options.ts";
export type { PipelineStats } from "./capture/pipeline.ts";
export type { CaptureStats } from "./capture/stats.ts";
export type {
  AliasInput,
  CaptureEvent,
  CaptureInput,
  CaptureRoute,
  FlagsSnapshot,
  GroupIdentifyInput,
  Groups,
  IdentifyInput,
  IdentifyProperties,
  Properties,
} from "./capture/types.ts";
export { uuidv7 } from "./capture/uuid.ts";
export type { EventOptions } from "./capture/v1/event-options.ts";
export { eventOptionsToProperties } from "./capture/v1/event-options.ts";
export type { V1Note } from "./capture/v1/v1-answer.ts";
export type { V1BatchReport, V1Rejection, V1Unsettled } from "./capture/v1/v1-sender.ts";

// --- client: PostHogClient (src/client) ---
export { deriveApiHost } from "./client/api-host.ts";
export type { PostHogWireEvent } from "./client/capture-body.ts";
export type { Compression, CompressionEncoding } from "./client/compression.ts";
export { compress, isCompressionSupported } from "./client/compression.ts";
export type { PostHogLogger } from "./client/logger.ts";
export type { PostHogClientOptions, RetryPolicy } from "./client/options.ts";
export { DEFAULT_HOST, DEFAULT_RETRY } from "./client/options.ts";
export type {
  AttemptContext,
  CaptureBatchOptions,
  SendAnswer,
  SendOptions,
} from "./client/posthog-client.ts";
export { PostHogClient } from "./client/posthog-client.ts";
export { isRetryableStatus, isTransientPostHogError } from "./client/retry-policy.ts";
export type { CallOptions, HttpAnswer, RetryInfo } from "./client/transport.ts";
export { USER_AGENT } from "./client/transport.ts";
export { VERSION } from "./client/version.ts";

// --- errors (src/errors) ---
export type {
  PostHogApiErrorDetails,
  PostHogDroppedErrorDetails,
  PostHogErrorConstructor,
  PostHogErrorDetails,
  PostHogErrorFields,
  PostHogErrorKind,
  PostHogErrorOptions,
  PostHogInvalidEventErrorDetails,
  PostHogInvalidOptionsErrorDetails,
  PostHogRequestErrorDetails,
  PostHogSerializationErrorDetails,
} from "./errors/posthog-error.ts";
export { isPostHogError, PostHogError } from "./errors/posthog-error.ts";

// --- exceptions: $exception events (src/exceptions) ---
export type { ExceptionEvent, ExceptionEventProperties } from "./exceptions/exception-event.ts";
export {
  buildExceptionEvent,
  RESERVED_EXCEPTION_PROPERTIES,
} from "./exceptions/exception-event.ts";
export type {
  ExceptionCaptureOptions,
  ExceptionEntry,
  ExceptionLevel,
  ExceptionMechanism,
  StackFrame,
} from "./exceptions/types.ts";

// --- facade: createPostHog (src/facade) ---
export type { PostHogOptions } from "./facade/create-posthog.ts";
export { createPostHog } from "./facade/create-posthog.ts";
export type { PostHogEventName, PostHogEvents } from "./facade/events.ts";
export type { GetFeatureFlagOptions, IsFeatureEnabledOptions } from "./facade/posthog.ts";
export { PostHog } from "./facade/posthog.ts";

// --- feature flags (src/flags) ---
export type {
  FlagAccess,
  FlagCalledEvent,
  FlagCalledTrackerOptions,
} from "./flags/called-tracker.ts";
export {
  FlagCalledTracker,
  MINIMAL_FLAG_CALLED_PROPERTIES,
  minimalFlagCalledProperties,
} from "./flags/called-tracker.ts";
export type { CompileOptions, FlagInfo } from "./flags/definitions.ts";
export { compileFlagDefinitions, FlagDefinitions } from "./flags/definitions.ts";
export type { DefinitionsLoad } from "./flags/definitions-loader.ts";
export type {
  FeatureFlagsErrorKind,
  FeatureFlagsErrorOptions,
} from "./flags/errors.ts";
export { FeatureFlagsError, isFeatureFlagsError } from "./flags/errors.ts";
export type {
  EvaluationContext,
  EvaluationInput,
  LocalEvaluation,
} from "./flags/evaluate.ts";
export {
  createEvaluationContext,
  evaluateFlagLocally,
  evaluateFlagsLocally,
} from "./flags/evaluate.ts";
export type { EvaluatedFlag, ReadOptions } from "./flags/evaluations.ts";
export { FeatureFlagEvaluations } from "./flags/evaluations.ts";
export type {
  EvaluateFlagsOptions,
  FeatureFlagResult,
  FeatureFlagsEvents,
  FlagEvaluationOptions,
  FlagsAndPayloads,
  PayloadOptions,
} from "./flags/feature-flags.ts";
export { emptyFlagEvaluations, FeatureFlags } from "./flags/feature-flags.ts";
export type { LocalFlagResult } from "./flags/model.ts";
export type { FeatureFlagsOptions } from "./flags/options.ts";
export type {
  FlagDefinitionsPayload,
  FlagValue,
  JsonValue,
  RawCondition,
  RawFlagDefinition,
  RawPropertyFilter,
  RawPropertyGroup,
  RawVariant,
  UnresolvedReason,
} from "./flags/types.ts";
