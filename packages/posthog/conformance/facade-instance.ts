/**
 * One SDK instance of the conformance adapter, built on the public `createPostHog` facade
 * exactly as a user would: the harness's `/init` options become `createPostHog` options, and
 * the SDK is handed its own `ky` instance, which adds `X-Test-Id` in parallel mode and records
 * each request for `/state` (the adapter never reaches into the SDK's internals). `/reset` and
 * idle reaping end the instance with `shutdown(0)`: nothing more is sent after that.
 */
import ky from "ky";
import {
  type CaptureInput,
  createPostHog,
  type EventOptions,
  type FlagEvaluationOptions,
  VERSION,
} from "../src/index.ts";
import type { AdapterConfig } from "./adapter-config.ts";
import type { JsonObject } from "./http-json.ts";
import { RequestLog } from "./request-log.ts";
import type { CaptureAnswer, Failure, SdkInstance, StateAnswer } from "./sdk-instance.ts";

/** The `sdk_name` reported to the harness. */
export const SDK_NAME = "tsactor-posthog";

/** The `sdk_version` reported to the harness: the package's version. */
export const SDK_VERSION = VERSION;

type PostHog = ReturnType<typeof createPostHog>;

/**
 * Makes an SDK instance from the harness's `/init` body.
 *
 * @param config - The run's protocol and codec.
 * @param init - `{ api_key, host, flush_at?, flush_interval_ms?, max_retries?,
 *   enable_compression?, disable_geoip?, historical_migration? }`.
 * @param testId - The harness's test id in parallel mode.
 * @returns The instance, or why the options were refused.
 */
export function createFacadeInstance(
  config: AdapterConfig,
  init: JsonObject,
  testId: string | undefined,
): SdkInstance | string {
  if (typeof init.api_key !== "string" || typeof init.host !== "string") {
    return "`api_key` and `host` are required strings";
  }
  const log = new RequestLog();
  const http = ky.create({
    ...(testId === undefined ? {} : { headers: { "x-test-id": testId } }),
    hooks: { afterResponse: [log.afterResponse] },
  });
  const compression =
    init.enable_compression === true
      ? config.codec
      : init.enable_compression === false
        ? ("none" as const)
        : undefined;
  let posthog: PostHog;
  try {
    posthog = createPostHog({
      apiKey: init.api_key,
      host: init.host,
      captureMode: config.mode,
      http,
      ...numberOption("flushAt", init.flush_at),
      ...numberOption("flushIntervalMs", init.flush_interval_ms),
      ...(typeof init.max_retries === "number" ? { retry: { limit: init.max_retries } } : {}),
      ...(compression === undefined ? {} : { compression }),
      ...(typeof init.disable_geoip === "boolean" ? { disableGeoip: init.disable_geoip } : {}),
      ...(init.historical_migration === true ? { historicalMigration: true } : {}),
    });
  } catch (error) {
    // createPostHog throws on invalid options: a configuration bug, reported to the harness.
    return error instanceof Error ? error.message : String(error);
  }
  return new FacadeInstance(posthog, log);
}

class FacadeInstance implements SdkInstance {
  readonly #posthog: PostHog;
  readonly #log: RequestLog;
  #captured = 0;
  #lastError: string | null = null;
  #stopped: Promise<void> | undefined;

  constructor(posthog: PostHog, log: RequestLog) {
    this.#posthog = posthog;
    this.#log = log;
    posthog.on("error", (error) => {
      this.#lastError = error.message;
    });
    posthog.on("reject", ({ reason }) => {
      this.#lastError = `rejected: ${reason}`;
    });
  }

  capture(request: JsonObject): CaptureAnswer {
    return this.#answer(this.#posthog.capture(captureInput(request)));
  }

  captureAi(request: JsonObject): CaptureAnswer {
    const uuid = typeof request.uuid === "string" ? { uuid: request.uuid } : {};
    return this.#answer(this.#posthog.captureAi({ ...captureInput(request), ...uuid }));
  }

  async flush(): Promise<{ success: true; events_flushed: number } | Failure> {
    const report = await this.#posthog.flush();
    return { success: true, events_flushed: report.delivered };
  }

  async getFeatureFlag(request: JsonObject): Promise<{ success: true; value: unknown } | Failure> {
    if (typeof request.key !== "string" || typeof request.distinct_id !== "string") {
      return { success: false, error: "`key` and `distinct_id` are required strings" };
    }
    const value = await this.#posthog.flags.getFeatureFlag(
      request.key,
      request.distinct_id,
      flagOptions(request),
    );
    if (value.ok) return { success: true, value: value.value };
    // No such flag is an answer (posthog-node's `undefined`), not a failure of the call.
    if (value.error.kind === "flag-missing") return { success: true, value: null };
    return { success: false, error: value.error.message };
  }

  state(): StateAnswer {
    const stats = this.#posthog.stats();
    return {
      pending_events: stats.queued + stats.inFlight + stats.parked,
      total_events_captured: this.#captured,
      total_events_sent: stats.delivered,
      total_retries: this.#log.retries,
      last_error: this.#lastError,
      requests_made: this.#log.records,
    };
  }

  stop(): Promise<void> {
    this.#stopped ??= this.#posthog.shutdown(0).then(() => undefined);
    return this.#stopped;
  }

  #answer(result: { ok: true; value: string } | { ok: false; error: Error }): CaptureAnswer {
    if (!result.ok) {
      this.#lastError = result.error.message;
      return { success: false, error: result.error.message };
    }
    this.#captured += 1;
    return { success: true, uuid: result.value };
  }
}

/** The `capture` input of a harness request (its `null`s mean "not given"). */
function captureInput(request: JsonObject): CaptureInput {
  const options = isRecord(request.options) ? eventOptions(request.options) : undefined;
  return {
    distinctId: String(request.distinct_id ?? ""),
    event: String(request.event ?? ""),
    ...(isRecord(request.properties) ? { properties: request.properties } : {}),
    ...(typeof request.timestamp === "string" ? { timestamp: request.timestamp } : {}),
    ...(options === undefined ? {} : { options }),
  };
}

/** The harness's V1 `options` (snake_case) as the SDK's `EventOptions`. */
function eventOptions(options: Record<string, unknown>): EventOptions {
  return {
    ...booleanOption("cookielessMode", options.cookieless_mode),
    ...booleanOption("disableSkewCorrection", options.disable_skew_correction),
    ...booleanOption("processPersonProfile", options.process_person_profile),
    ...(typeof options.product_tour_id === "string"
      ? { productTourId: options.product_tour_id }
      : {}),
  };
}

function numberOption<K extends string>(key: K, value: unknown): { [P in K]?: number } {
  return (typeof value === "number" ? { [key]: value } : {}) as { [P in K]?: number };
}

function booleanOption<K extends string>(key: K, value: unknown): { [P in K]?: boolean } {
  return (typeof value === "boolean" ? { [key]: value } : {}) as { [P in K]?: boolean };
}

/** The flag options of a `/get_feature_flag` request. */
function flagOptions(request: JsonObject): FlagEvaluationOptions {
  const groups: Record<string, string | number> = {};
  for (const [type, key] of Object.entries(isRecord(request.groups) ? request.groups : {})) {
    if (typeof key === "string" || typeof key === "number") groups[type] = key;
  }
  const groupProperties: Record<string, Record<string, unknown>> = {};
  const given = isRecord(request.group_properties) ? request.group_properties : {};
  for (const [type, properties] of Object.entries(given)) {
    if (isRecord(properties)) groupProperties[type] = properties;
  }
  return {
    ...(isRecord(request.person_properties) ? { personProperties: request.person_properties } : {}),
    ...(isRecord(request.groups) ? { groups } : {}),
    ...(isRecord(request.group_properties) ? { groupProperties } : {}),
    ...(typeof request.disable_geoip === "boolean" ? { disableGeoip: request.disable_geoip } : {}),
    ...(request.force_remote === true ? { onlyEvaluateRemotely: true } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
