/**
 * `FeatureFlags`: the feature-flag API of `@tsactor/posthog`, in posthog-node's shapes
 * (`evaluateFlags`, `getFeatureFlag`, `isFeatureEnabled`, `getFeatureFlagPayload`,
 * `getFeatureFlagResult`, `getAllFlags`, `getAllFlagsAndPayloads`, `reloadFeatureFlags`,
 * `waitForLocalEvaluationReady`), every outcome a `Result`. With a personal or secret key
 * a `DefinitionsPoller` actor keeps the definitions fresh and flags are evaluated locally,
 * synchronously, on the snapshot it last loaded; what local evaluation cannot decide goes
 * to PostHog in one `/flags` request (unless local-only). Reads send deduplicated
 * `$feature_flag_called` events through the `capture` function given. Background trouble
 * (definitions failing, a revoked key) is emitted as events.
 */
import { type ActorRef, type JoinHandle, spawn } from "@tsactor/core";
import { EventEmitter } from "eventemitter3";
import { Result } from "typescript-result";
import type { PostHogError } from "../errors/posthog-error.ts";
import { FlagCalledTracker } from "./called-tracker.ts";
import { EMPTY_DEFINITIONS, type FlagDefinitions } from "./definitions.ts";
import { type DefinitionsLoad, loadDefinitions } from "./definitions-loader.ts";
import { DefinitionsPoller, type PollPlan } from "./definitions-poller.ts";
import { FeatureFlagsError } from "./errors.ts";
import { createEvaluationContext, evaluateFlagLocally, evaluateFlagsLocally } from "./evaluate.ts";
import {
  type EvaluatedFlag,
  type EvaluationsHost,
  FeatureFlagEvaluations,
  flagValueOf,
  setDefined,
} from "./evaluations.ts";
import { FlagsHttp } from "./flags-http.ts";
import type { LocalFlagResult } from "./model.ts";
import {
  type FeatureFlagsOptions,
  type ResolvedFlagsOptions,
  resolveFlagsOptions,
} from "./options.ts";
import {
  flagsRequestBody,
  parseFlagsAnswer,
  type RemoteEvaluation,
  type RemoteFlag,
} from "./remote.ts";
import type { FlagValue, JsonValue, Properties, UnresolvedReason } from "./types.ts";

/** Options of one evaluation (posthog-node's names). */
export interface FlagEvaluationOptions {
  /** Group type to group key, e.g. `{ company: "acme" }`. */
  readonly groups?: Readonly<Record<string, string | number>> | undefined;
  readonly personProperties?: Properties | undefined;
  /** Properties per group type. */
  readonly groupProperties?: Readonly<Record<string, Properties>> | undefined;
  /** Never ask PostHog. @defaultValue the `strictLocalEvaluation` option */
  readonly onlyEvaluateLocally?: boolean | undefined;
  /** Skip local evaluation and ask PostHog (the harness's `force_remote`). @defaultValue `false` */
  readonly onlyEvaluateRemotely?: boolean | undefined;
  /** `geoip_disable` of the `/flags` request. @defaultValue the `disableGeoip` option */
  readonly disableGeoip?: boolean | undefined;
  /** Send `$feature_flag_called`. @defaultValue the `sendFeatureFlagEvent` option (payload reads: `false`) */
  readonly sendFeatureFlagEvents?: boolean | undefined;
  /** Aborts the `/flags` request. */
  readonly signal?: AbortSignal | undefined;
}

/** Options of the bulk evaluations. */
export interface EvaluateFlagsOptions extends Omit<FlagEvaluationOptions, "sendFeatureFlagEvents"> {
  /** Only these flags (locally, and in the `/flags` request). */
  readonly flagKeys?: readonly string[] | undefined;
}

/** Options of {@link FeatureFlags.getFeatureFlagPayload}. */
export interface PayloadOptions extends FlagEvaluationOptions {
  /** The value whose payload is wanted, instead of evaluating the flag. */
  readonly matchValue?: FlagValue | undefined;
}

/** A flag's full result (posthog-node's `FeatureFlagResult`). */
export interface FeatureFlagResult {
  readonly key: string;
  readonly enabled: boolean;
  readonly variant: string | undefined;
  readonly payload: JsonValue | undefined;
  readonly reason: string | undefined;
  readonly locallyEvaluated: boolean;
}

/** What `getAllFlagsAndPayloads` answers. */
export interface FlagsAndPayloads {
  readonly featureFlags: Record<string, FlagValue>;
  readonly featureFlagPayloads: Record<string, JsonValue>;
}

/** The events of {@link FeatureFlags}. */
export interface FeatureFlagsEvents {
  /** New definitions are in use (also after a 304, with the same snapshot). */
  "definitions-loaded": [definitions: FlagDefinitions];
  /** A load of the definitions failed; the last good ones stay in use. */
  "definitions-failed": [
    failure: { readonly error: PostHogError; readonly retryInMs: number | undefined },
  ];
  /** PostHog said the project is over its flags quota: local definitions were dropped. */
  "quota-limited": [];
  /** Polling stopped: the key cannot load definitions (401/403). */
  "polling-stopped": [error: FeatureFlagsError];
  /** Any background failure (the two above), as a typed error. */
  error: [error: FeatureFlagsError];
}

interface Context {
  readonly distinctId: string;
  readonly options: FlagEvaluationOptions;
  readonly onlyLocal: boolean;
  readonly disableGeoip: boolean;
}

/**
 * Feature flags: local and remote evaluation, definitions polled by an actor,
 * `$feature_flag_called` tracking.
 *
 * @example
 * ```ts
 * const flags = FeatureFlags.create({ apiKey: "phc_…", personalApiKey: "phx_…" }).getOrThrow();
 * const snapshot = await flags.evaluateFlags("user-1", { personProperties: { plan: "pro" } });
 * if (snapshot.ok && snapshot.value.isEnabled("new-checkout")) …
 * await flags.shutdown();
 * ```
 */
export class FeatureFlags extends EventEmitter<FeatureFlagsEvents> {
  readonly #options: ResolvedFlagsOptions;
  readonly #http: FlagsHttp;
  readonly #tracker: FlagCalledTracker;
  readonly #host: EvaluationsHost;
  #definitions: FlagDefinitions = EMPTY_DEFINITIONS;
  #loadedOnce = false;
  #settleFirstLoad: () => void = () => {};
  readonly #firstLoad: Promise<void>;
  #poller:
    | { readonly ref: ActorRef<DefinitionsPoller>; readonly done: JoinHandle<DefinitionsPoller> }
    | undefined;
  #shutDown = false;

  /**
   * Makes the feature flags, as a `Result` (for options from configuration).
   *
   * @param options - See {@link FeatureFlagsOptions}.
   */
  static create(
    options: FeatureFlagsOptions,
  ): Result<FeatureFlags, PostHogError<"invalid-options">> {
    const resolved = resolveFlagsOptions(options);
    return resolved.ok ? Result.ok(new FeatureFlags(options)) : resolved;
  }

  /**
   * Makes the feature flags; with a `personalApiKey`, starts polling the definitions.
   *
   * @param options - See {@link FeatureFlagsOptions}.
   * @throws PostHogError of kind `"invalid-options"` for an invalid option (use
   * {@link FeatureFlags.create} to get it as a `Result`).
   */
  constructor(options: FeatureFlagsOptions) {
    super();
    const resolved = resolveFlagsOptions(options);
    if (!resolved.ok) throw resolved.error;
    const o = resolved.value;
    this.#options = o;
    this.#http = new FlagsHttp({
      host: o.host,
      http: o.http,
      requestTimeoutMs: o.requestTimeoutMs,
      maxRetries: o.maxRetries,
      definitionsTimeoutMs: o.definitionsTimeoutMs,
      logger: o.logger,
    });
    this.#tracker = new FlagCalledTracker({
      capture: o.capture,
      maxDistinctIds: o.flagCalledCacheSize,
    });
    this.#host = {
      track: (access) => this.#tracker.track(access),
      sendEventsByDefault: o.sendFeatureFlagEvent,
      warn: (message) => o.logger.warn({}, message),
      now: o.now,
    };
    this.#firstLoad = new Promise((resolve) => {
      this.#settleFirstLoad = resolve;
    });
    if (o.personalApiKey === undefined) {
      this.#settleFirstLoad();
    } else {
      this.#startPolling(o.personalApiKey);
    }
  }

  /** The definitions local evaluation uses now (empty until the first load). */
  get definitions(): FlagDefinitions {
    return this.#definitions;
  }

  /** Whether local evaluation is on (a personal or secret key was given). */
  get localEvaluationEnabled(): boolean {
    return this.#poller !== undefined;
  }

  /** Whether definitions were loaded and hold at least one flag. */
  isLocalEvaluationReady(): boolean {
    return this.#loadedOnce && this.#definitions.size > 0;
  }

  /**
   * Waits until local evaluation is ready: `true` once definitions with flags are loaded,
   * `false` at the next load if it has none, after `timeoutMs`, or without local evaluation.
   *
   * @param timeoutMs - How long to wait. @defaultValue `30_000`
   */
  waitForLocalEvaluationReady(timeoutMs = 30_000): Promise<boolean> {
    if (this.isLocalEvaluationReady()) return Promise.resolve(true);
    if (this.#poller === undefined || this.#shutDown) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ready: boolean): void => {
        clearTimeout(timer);
        this.off("definitions-loaded", onLoaded);
        resolve(ready);
      };
      const onLoaded = (definitions: FlagDefinitions): void => done(definitions.size > 0);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.on("definitions-loaded", onLoaded);
    });
  }

  /**
   * Loads the definitions now (joining a poll in flight). Without local evaluation there is
   * nothing to load: `ok`.
   */
  async reloadFeatureFlags(): Promise<Result<void, FeatureFlagsError>> {
    if (this.#shutDown) return Result.error(new FeatureFlagsError("shut-down"));
    if (this.#poller === undefined) return Result.ok();
    const asked = await this.#poller.ref.ask("reload");
    if (!asked.ok)
      return Result.error(new FeatureFlagsError("shut-down", undefined, { cause: asked.error }));
    const outcome = asked.value;
    switch (outcome.kind) {
      case "loaded":
      case "not-modified":
        return Result.ok();
      case "quota-limited":
        return Result.error(new FeatureFlagsError("quota-limited"));
      case "unauthorized":
        return Result.error(outcome.error);
      case "failed":
        return Result.error(
          new FeatureFlagsError(
            "remote",
            `Loading flag definitions failed: ${outcome.error.message}`,
            {
              cause: outcome.error,
            },
          ),
        );
    }
  }

  /**
   * Evaluates one flag locally only, synchronously, on the current definitions: no request,
   * no event. `"missing"` when no definition has that key.
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - Groups and properties.
   */
  evaluateLocally(
    key: string,
    distinctId: string,
    options: FlagEvaluationOptions = {},
  ): LocalFlagResult {
    return evaluateFlagLocally(
      this.#definitions,
      key,
      createEvaluationContext(distinctId, options, this.#options.now()),
    );
  }

  /**
   * Evaluates the flags for one user once, and returns a snapshot to branch on and to hand
   * to `capture({ flags })`. Local evaluation first; one `/flags` request for what it cannot
   * decide (unless local-only), whose answers never replace local ones. A remote failure
   * after local results gives a partial snapshot (its `error` says why); with no result at
   * all, the error.
   *
   * @param distinctId - The user.
   * @param options - Groups, properties, `flagKeys`, `onlyEvaluateLocally`, `disableGeoip`.
   * @example
   * ```ts
   * const flags = await featureFlags.evaluateFlags("user-1", { flagKeys: ["checkout"] });
   * ```
   */
  async evaluateFlags(
    distinctId: string,
    options: EvaluateFlagsOptions = {},
  ): Promise<Result<FeatureFlagEvaluations, FeatureFlagsError>> {
    const context = this.#context(distinctId, options);
    if (!context.ok) return context;
    const { flagKeys } = options;
    if (flagKeys !== undefined && flagKeys.length === 0)
      return Result.ok(this.#snapshot(context.value, new Map()));
    const remoteOnly = options.onlyEvaluateRemotely === true;
    if (!remoteOnly) await this.#whenFirstLoadSettled();
    const definitions = remoteOnly ? EMPTY_DEFINITIONS : this.#definitions;
    const local = evaluateFlagsLocally(definitions, this.#localContext(context.value), flagKeys);
    const records = new Map<string, EvaluatedFlag>();
    for (const [key, { value, payload }] of local.values) {
      records.set(key, localRecord(definitions, key, value, payload));
    }
    const missingLocally = flagKeys?.some((key) => !definitions.has(key)) ?? false;
    let remote: RemoteEvaluation | undefined;
    let error: FeatureFlagsError | undefined;
    if ((local.fallbackToRemote || missingLocally) && (remoteOnly || !context.value.onlyLocal)) {
      const answer = await this.#remote(context.value, flagKeys);
      if (answer.ok) {
        remote = answer.value;
        for (const [key, flag] of remote.flags) {
          if (!records.has(key)) records.set(key, remoteRecord(flag));
        }
        if (remote.quotaLimited) error = new FeatureFlagsError("quota-limited");
      } else {
        error = answer.error;
      }
    }
    if (flagKeys !== undefined) {
      const wanted = new Set(flagKeys);
      for (const key of records.keys()) if (!wanted.has(key)) records.delete(key);
    }
    if (records.size === 0 && error !== undefined && error.kind === "remote")
      return Result.error(error);
    const unresolved = new Map([...local.inconclusive].filter(([key]) => !records.has(key)));
    return Result.ok(this.#snapshot(context.value, records, { unresolved, remote, error }));
  }

  /**
   * Evaluates one flag (locally, else with PostHog) and reports the read.
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - Groups, properties, `onlyEvaluateLocally`, `sendFeatureFlagEvents`.
   * @returns Its result, or why there is none (`"flag-missing"`, `"inconclusive"`, `"remote"`…).
   */
  async getFeatureFlagResult(
    key: string,
    distinctId: string,
    options: FlagEvaluationOptions = {},
  ): Promise<Result<FeatureFlagResult, FeatureFlagsError>> {
    const record = await this.#single(key, distinctId, options);
    if (!record.ok) return record;
    const flag = record.value;
    return Result.ok({
      key,
      enabled: flag.enabled,
      variant: flag.variant,
      payload: flag.payload,
      reason: flag.reason,
      locallyEvaluated: flag.locallyEvaluated,
    });
  }

  /**
   * A flag's value: `true`, `false` or the variant.
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - Groups, properties, `onlyEvaluateLocally`, `sendFeatureFlagEvents`.
   */
  async getFeatureFlag(
    key: string,
    distinctId: string,
    options: FlagEvaluationOptions = {},
  ): Promise<Result<FlagValue, FeatureFlagsError>> {
    const record = await this.#single(key, distinctId, options);
    return record.ok ? Result.ok(flagValueOf(record.value)) : record;
  }

  /**
   * Whether a flag is on (a variant counts as on).
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - Groups, properties, `onlyEvaluateLocally`, `sendFeatureFlagEvents`.
   */
  async isFeatureEnabled(
    key: string,
    distinctId: string,
    options: FlagEvaluationOptions = {},
  ): Promise<Result<boolean, FeatureFlagsError>> {
    const record = await this.#single(key, distinctId, options);
    return record.ok ? Result.ok(record.value.enabled) : record;
  }

  /**
   * A flag's payload (`undefined` when its value has none). A silent read unless
   * `sendFeatureFlagEvents` is set. With `matchValue` and a local definition, the payload of
   * that value, without evaluating.
   *
   * @param key - The flag key.
   * @param distinctId - The user.
   * @param options - As {@link FeatureFlags.getFeatureFlag}, and `matchValue`.
   */
  async getFeatureFlagPayload(
    key: string,
    distinctId: string,
    options: PayloadOptions = {},
  ): Promise<Result<JsonValue | undefined, FeatureFlagsError>> {
    const record = await this.#single(
      key,
      distinctId,
      options,
      options.sendFeatureFlagEvents ?? false,
      options.matchValue,
    );
    return record.ok ? Result.ok(record.value.payload) : record;
  }

  /**
   * The values of all flags (or `flagKeys`) for one user; no `$feature_flag_called`.
   *
   * @param distinctId - The user.
   * @param options - As {@link FeatureFlags.evaluateFlags}.
   */
  async getAllFlags(
    distinctId: string,
    options: EvaluateFlagsOptions = {},
  ): Promise<Result<Record<string, FlagValue>, FeatureFlagsError>> {
    const all = await this.getAllFlagsAndPayloads(distinctId, options);
    return all.ok ? Result.ok(all.value.featureFlags) : all;
  }

  /**
   * The values and payloads of all flags (or `flagKeys`) for one user; no `$feature_flag_called`.
   *
   * @param distinctId - The user.
   * @param options - As {@link FeatureFlags.evaluateFlags}.
   */
  async getAllFlagsAndPayloads(
    distinctId: string,
    options: EvaluateFlagsOptions = {},
  ): Promise<Result<FlagsAndPayloads, FeatureFlagsError>> {
    const snapshot = await this.evaluateFlags(distinctId, options);
    if (!snapshot.ok) return snapshot;
    const featureFlags: Record<string, FlagValue> = {};
    const featureFlagPayloads: Record<string, JsonValue> = {};
    for (const key of snapshot.value.keys) {
      const flag = snapshot.value.details(key) as EvaluatedFlag;
      featureFlags[key] = flagValueOf(flag);
      if (flag.payload !== undefined) featureFlagPayloads[key] = flag.payload;
    }
    return Result.ok({ featureFlags, featureFlagPayloads });
  }

  /** Stops polling, forgets what the tracker saw; later calls answer `"shut-down"`. */
  async shutdown(): Promise<void> {
    if (this.#shutDown) return;
    this.#shutDown = true;
    this.#settleFirstLoad();
    this.#tracker.clear();
    const poller = this.#poller;
    if (poller !== undefined) {
      await poller.ref.stop();
      await poller.done;
    }
  }

  #startPolling(personalApiKey: string): void {
    const o = this.#options;
    const source = {
      http: this.#http,
      token: o.apiKey,
      personalApiKey,
      compile:
        o.evaluationContexts === undefined ? {} : { evaluationContexts: o.evaluationContexts },
      now: o.now,
    };
    const [ref, done] = spawn(
      DefinitionsPoller,
      {
        intervalMs: o.pollingIntervalMs,
        load: (etag, signal) => loadDefinitions(source, etag, signal),
        report: (outcome, plan) => this.#apply(outcome, plan),
      },
      { name: "flag-definitions" },
    );
    this.#poller = { ref, done };
  }

  #apply(outcome: DefinitionsLoad, plan: PollPlan): void {
    const logger = this.#options.logger;
    switch (outcome.kind) {
      case "loaded":
        this.#definitions = outcome.definitions;
        this.#loadedOnce = true;
        this.#tracker.minimalEvents = outcome.definitions.minimalFlagCalledEvents;
        logger.debug({ flags: outcome.definitions.size }, "Flag definitions loaded");
        this.emit("definitions-loaded", outcome.definitions);
        break;
      case "not-modified":
        this.#loadedOnce = true;
        this.emit("definitions-loaded", this.#definitions);
        break;
      case "quota-limited":
        this.#definitions = EMPTY_DEFINITIONS;
        this.#tracker.minimalEvents = false;
        logger.warn({}, "Feature flags quota exceeded: local flag definitions dropped");
        this.emit("quota-limited");
        break;
      case "unauthorized":
        logger.error({ status: outcome.error.status }, outcome.error.message);
        this.emit("polling-stopped", outcome.error);
        this.emit("error", outcome.error);
        break;
      case "failed": {
        const retryInMs = plan.kind === "poll" ? plan.inMs : undefined;
        logger.warn(
          { kind: outcome.error.kind, retryInMs, error: outcome.error.message },
          "Loading flag definitions failed",
        );
        this.emit("definitions-failed", { error: outcome.error, retryInMs });
        this.emit(
          "error",
          new FeatureFlagsError(
            "remote",
            `Loading flag definitions failed: ${outcome.error.message}`,
            {
              cause: outcome.error,
            },
          ),
        );
        break;
      }
    }
    this.#settleFirstLoad();
  }

  #whenFirstLoadSettled(): Promise<void> | undefined {
    return this.#loadedOnce ? undefined : this.#firstLoad;
  }

  #context(distinctId: string, options: FlagEvaluationOptions): Result<Context, FeatureFlagsError> {
    if (this.#shutDown) return Result.error(new FeatureFlagsError("shut-down"));
    if (typeof distinctId !== "string" || distinctId === "") {
      return Result.error(
        new FeatureFlagsError("invalid-input", "A distinct id is required to evaluate flags"),
      );
    }
    return Result.ok({
      distinctId,
      options,
      onlyLocal: options.onlyEvaluateLocally ?? this.#options.strictLocalEvaluation,
      disableGeoip: options.disableGeoip ?? this.#options.disableGeoip,
    });
  }

  #localContext(context: Context) {
    return createEvaluationContext(context.distinctId, context.options, this.#options.now());
  }

  async #remote(
    context: Context,
    flagKeys: readonly string[] | undefined,
  ): Promise<Result<RemoteEvaluation, FeatureFlagsError>> {
    const { options } = context;
    const body = flagsRequestBody({
      token: this.#options.apiKey,
      distinctId: context.distinctId,
      groups: options.groups,
      personProperties: options.personProperties,
      groupProperties: options.groupProperties,
      disableGeoip: context.disableGeoip,
      flagKeys,
      evaluationContexts: this.#options.evaluationContexts,
    });
    const answer = await this.#http.evaluate(body, options.signal);
    const parsed = answer.ok ? parseFlagsAnswer(answer.value) : answer;
    if (!parsed.ok) {
      const cause = parsed.error;
      return Result.error(
        new FeatureFlagsError("remote", `Remote flag evaluation failed: ${cause.message}`, {
          cause,
          status: cause.kind === "api" ? cause.status : undefined,
        }),
      );
    }
    this.#tracker.minimalEvents = parsed.value.minimalFlagCalledEvents;
    return parsed;
  }

  /**
   * One flag, as posthog-node's single-flag getters: local, else remote; then the event,
   * sent when `send` (the call's `sendFeatureFlagEvents` by default) or else the client says
   * so. A `matchValue` takes that value's local payload instead of evaluating.
   */
  async #single(
    key: string,
    distinctId: string,
    options: FlagEvaluationOptions,
    send: boolean | undefined = options.sendFeatureFlagEvents,
    matchValue?: FlagValue,
  ): Promise<Result<EvaluatedFlag, FeatureFlagsError>> {
    const context = this.#context(distinctId, options);
    if (!context.ok) return context;
    const remoteOnly = options.onlyEvaluateRemotely === true;
    if (!remoteOnly) await this.#whenFirstLoadSettled();
    const definitions = remoteOnly ? EMPTY_DEFINITIONS : this.#definitions;
    let record: EvaluatedFlag | undefined;
    let unresolved: UnresolvedReason | undefined;
    const compiled = definitions.flags.get(key);
    if (compiled !== undefined && matchValue !== undefined) {
      const payload =
        matchValue === false
          ? undefined
          : compiled.payloads.get(matchValue === true ? "true" : matchValue);
      record = localRecord(definitions, key, matchValue, payload);
    } else if (compiled !== undefined) {
      const local = evaluateFlagLocally(definitions, key, this.#localContext(context.value));
      if (local.kind === "resolved")
        record = localRecord(definitions, key, local.value, local.payload);
      else if (local.kind === "inconclusive") unresolved = local.reason;
    }
    let remote: RemoteEvaluation | undefined;
    let error: FeatureFlagsError | undefined;
    if (record === undefined && (remoteOnly || !context.value.onlyLocal)) {
      const answer = await this.#remote(context.value, [key]);
      if (answer.ok) {
        remote = answer.value;
        const flag = remote.flags.get(key);
        if (flag !== undefined) record = remoteRecord(flag);
        else if (remote.quotaLimited)
          error = new FeatureFlagsError("quota-limited", undefined, { flagKey: key });
        else error = new FeatureFlagsError("flag-missing", undefined, { flagKey: key });
      } else {
        error = answer.error;
      }
    } else if (record === undefined) {
      error =
        unresolved === undefined
          ? new FeatureFlagsError("flag-missing", undefined, { flagKey: key })
          : new FeatureFlagsError("inconclusive", undefined, { flagKey: key, reason: unresolved });
    }
    if (send ?? this.#options.sendFeatureFlagEvent) {
      this.#trackSingle(context.value, key, record, remote, error, unresolved);
    }
    return record === undefined ? Result.error(error as FeatureFlagsError) : Result.ok(record);
  }

  #trackSingle(
    context: Context,
    key: string,
    record: EvaluatedFlag | undefined,
    remote: RemoteEvaluation | undefined,
    error: FeatureFlagsError | undefined,
    unresolved: UnresolvedReason | undefined,
  ): void {
    const response = record === undefined ? undefined : flagValueOf(record);
    const properties: Record<string, unknown> = {
      $feature_flag: key,
      $feature_flag_response: response,
      locally_evaluated: record?.locallyEvaluated ?? false,
      [`$feature/${key}`]: response,
    };
    setDefined(properties, "$feature_flag_id", record?.id);
    setDefined(properties, "$feature_flag_version", record?.version);
    setDefined(properties, "$feature_flag_reason", record?.reason);
    setDefined(properties, "$feature_flag_request_id", remote?.requestId);
    setDefined(
      properties,
      "$feature_flag_evaluated_at",
      record?.locallyEvaluated ? this.#options.now() : remote?.evaluatedAt,
    );
    setDefined(properties, "$feature_flag_has_experiment", record?.hasExperiment);
    if (record?.locallyEvaluated) {
      setDefined(properties, "$feature_flag_definitions_loaded_at", this.#definitions.loadedAt);
    }
    const errors: string[] = [];
    if (remote?.errorsWhileComputingFlags) errors.push("errors_while_computing_flags");
    if (remote?.quotaLimited) errors.push("quota_limited");
    if (record === undefined) {
      if (error?.kind === "remote") errors.push("unknown_error");
      else if (error?.kind === "flag-missing" && remote !== undefined) errors.push("flag_missing");
      else if (unresolved !== undefined) errors.push("local_evaluation_inconclusive");
      else if (error?.kind === "flag-missing") errors.push("flag_missing");
    }
    if (errors.length > 0) properties.$feature_flag_error = errors.join(",");
    this.#tracker.track({
      distinctId: context.distinctId,
      key,
      response,
      groups: context.options.groups,
      disableGeoip: context.options.disableGeoip,
      properties,
    });
  }

  #snapshot(
    context: Context,
    flags: ReadonlyMap<string, EvaluatedFlag>,
    extra: {
      readonly unresolved?: ReadonlyMap<string, UnresolvedReason>;
      readonly remote?: RemoteEvaluation | undefined;
      readonly error?: FeatureFlagsError | undefined;
    } = {},
  ): FeatureFlagEvaluations {
    return new FeatureFlagEvaluations({
      host: this.#host,
      distinctId: context.distinctId,
      groups: context.options.groups,
      disableGeoip: context.options.disableGeoip,
      flags,
      unresolved: extra.unresolved,
      requestId: extra.remote?.requestId,
      evaluatedAt: extra.remote?.evaluatedAt,
      definitionsLoadedAt: this.#definitions.loadedAt,
      errorsWhileComputing: extra.remote?.errorsWhileComputingFlags,
      quotaLimited: extra.remote?.quotaLimited,
      error: extra.error,
    });
  }
}

function localRecord(
  definitions: FlagDefinitions,
  key: string,
  value: FlagValue,
  payload: JsonValue | undefined,
): EvaluatedFlag {
  const info = definitions.info(key);
  return {
    key,
    enabled: value !== false,
    variant: typeof value === "string" ? value : undefined,
    payload,
    id: info?.id,
    version: undefined,
    reason: "Evaluated locally",
    locallyEvaluated: true,
    hasExperiment: info?.hasExperiment,
  };
}

function remoteRecord(flag: RemoteFlag): EvaluatedFlag {
  return {
    key: flag.key,
    enabled: flag.value !== false,
    variant: typeof flag.value === "string" ? flag.value : undefined,
    payload: flag.payload,
    id: flag.id,
    version: flag.version,
    reason: flag.reason,
    locallyEvaluated: false,
    hasExperiment: flag.hasExperiment,
  };
}

/**
 * An empty snapshot, safe to read (no event, no request): what to hand out when
 * `evaluateFlags` failed.
 *
 * @param distinctId - The user, if known (events are never sent from it anyway).
 */
export function emptyFlagEvaluations(distinctId = ""): FeatureFlagEvaluations {
  return new FeatureFlagEvaluations({
    host: { track: () => {}, sendEventsByDefault: false, warn: () => {}, now: Date.now },
    distinctId,
    flags: new Map(),
  });
}
