/**
 * Remote evaluation: the body of `POST /flags?v=2` (the fields PostHog's compliance
 * harness checks: `token`, `distinct_id`, `groups`, `person_properties`,
 * `group_properties`, `geoip_disable`, `flag_keys_to_evaluate`), and the reading of its
 * answer in either shape PostHog sends — v2's `flags` details or v1's `featureFlags` and
 * `featureFlagPayloads` — into one {@link RemoteEvaluation}. An answer that says the
 * project is over its quota carries no flags.
 */
import { Result } from "typescript-result";
import { PostHogError } from "../errors/posthog-error.ts";
import type { FlagValue, JsonValue, Properties } from "./types.ts";

/** One flag as PostHog evaluated it. */
export interface RemoteFlag {
  readonly key: string;
  readonly value: FlagValue;
  readonly payload: JsonValue | undefined;
  readonly id: number | undefined;
  readonly version: number | undefined;
  /** PostHog's explanation (its description, else its code). */
  readonly reason: string | undefined;
  readonly reasonCode: string | undefined;
  readonly hasExperiment: boolean | undefined;
}

/** An answer of `/flags`. */
export interface RemoteEvaluation {
  readonly flags: ReadonlyMap<string, RemoteFlag>;
  readonly errorsWhileComputingFlags: boolean;
  /** The project is over its feature flags quota: `flags` is empty. */
  readonly quotaLimited: boolean;
  readonly requestId: string | undefined;
  readonly evaluatedAt: number | undefined;
  /** PostHog's gate for minimal `$feature_flag_called` events. */
  readonly minimalFlagCalledEvents: boolean;
}

/** What one remote evaluation is asked for. */
export interface RemoteRequest {
  readonly token: string;
  readonly distinctId: string;
  readonly groups?: Readonly<Record<string, string | number>> | undefined;
  readonly personProperties?: Properties | undefined;
  readonly groupProperties?: Readonly<Record<string, Properties>> | undefined;
  readonly disableGeoip: boolean;
  readonly flagKeys?: readonly string[] | undefined;
  readonly evaluationContexts?: readonly string[] | undefined;
}

/**
 * The body of `POST /flags?v=2`, as posthog-node sends it: each group's properties carry
 * `$group_key`, `$device_id` is repeated at the top for device bucketing, and the runtime
 * is said to be a server so server-only flags are evaluated.
 *
 * @param request - Who and what to evaluate.
 * @example
 * ```ts
 * flagsRequestBody({ token: "phc_…", distinctId: "u1", disableGeoip: false, flagKeys: ["beta"] });
 * ```
 */
export function flagsRequestBody(request: RemoteRequest): Record<string, unknown> {
  const groups = request.groups ?? {};
  const groupProperties: Record<string, Properties> = {};
  for (const name of Object.keys(groups)) {
    groupProperties[name] = { $group_key: groups[name], ...request.groupProperties?.[name] };
  }
  const personProperties = request.personProperties ?? {};
  const body: Record<string, unknown> = {
    token: request.token,
    distinct_id: request.distinctId,
    groups,
    person_properties: personProperties,
    group_properties: groupProperties,
    geoip_disable: request.disableGeoip,
    evaluation_runtime: "server",
  };
  if (request.flagKeys !== undefined) body.flag_keys_to_evaluate = [...request.flagKeys];
  if (personProperties.$device_id) body.$device_id = personProperties.$device_id;
  if (request.evaluationContexts !== undefined && request.evaluationContexts.length > 0) {
    body.evaluation_contexts = [...request.evaluationContexts];
  }
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parsePayload(raw: unknown): JsonValue | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") return raw as JsonValue;
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return raw;
  }
}

function fromDetail(key: string, detail: unknown): RemoteFlag | undefined {
  if (!isRecord(detail)) return undefined;
  const metadata = isRecord(detail.metadata) ? detail.metadata : {};
  const reason = isRecord(detail.reason) ? detail.reason : {};
  const enabled = detail.enabled === true;
  const variant = typeof detail.variant === "string" ? detail.variant : undefined;
  return {
    key,
    value: enabled ? (variant ?? true) : false,
    payload: parsePayload(metadata.payload),
    id: typeof metadata.id === "number" ? metadata.id : undefined,
    version: typeof metadata.version === "number" ? metadata.version : undefined,
    reason:
      typeof reason.description === "string"
        ? reason.description
        : typeof reason.code === "string"
          ? reason.code
          : undefined,
    reasonCode: typeof reason.code === "string" ? reason.code : undefined,
    hasExperiment:
      typeof metadata.has_experiment === "boolean" ? metadata.has_experiment : undefined,
  };
}

function fromValue(key: string, value: unknown, payload: unknown): RemoteFlag | undefined {
  if (typeof value !== "boolean" && typeof value !== "string") return undefined;
  return {
    key,
    value,
    payload: value === false ? undefined : parsePayload(payload),
    id: undefined,
    version: undefined,
    reason: undefined,
    reasonCode: undefined,
    hasExperiment: undefined,
  };
}

/**
 * Reads an answer of `/flags` (v2 or v1 shape).
 *
 * @param body - The decoded JSON answer.
 * @returns The evaluation, or a `"serialization"` error when the answer is not a flags answer.
 */
export function parseFlagsAnswer(body: unknown): Result<RemoteEvaluation, PostHogError> {
  if (!isRecord(body) || ("flags" in body && !isRecord(body.flags))) {
    return Result.error(
      new PostHogError(
        "serialization",
        { direction: "response" },
        { message: "The /flags answer is not a flags answer" },
      ),
    );
  }
  const quotaLimited =
    Array.isArray(body.quotaLimited) && body.quotaLimited.includes("feature_flags");
  const flags = new Map<string, RemoteFlag>();
  if (!quotaLimited) {
    if (isRecord(body.flags)) {
      for (const [key, detail] of Object.entries(body.flags)) {
        const flag = fromDetail(key, detail);
        if (flag !== undefined) flags.set(key, flag);
      }
    } else {
      const values = isRecord(body.featureFlags) ? body.featureFlags : {};
      const payloads = isRecord(body.featureFlagPayloads) ? body.featureFlagPayloads : {};
      for (const [key, value] of Object.entries(values)) {
        const flag = fromValue(key, value, payloads[key]);
        if (flag !== undefined) flags.set(key, flag);
      }
    }
  }
  return Result.ok({
    flags,
    errorsWhileComputingFlags: body.errorsWhileComputingFlags === true,
    quotaLimited,
    requestId: typeof body.requestId === "string" ? body.requestId : undefined,
    evaluatedAt: typeof body.evaluatedAt === "number" ? body.evaluatedAt : undefined,
    minimalFlagCalledEvents: body.minimalFlagCalledEvents === true,
  });
}
