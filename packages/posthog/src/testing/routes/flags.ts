/**
 * The feature-flag routes, answered from scripts: `POST /flags` (PostHog's v2 shape with
 * `?v=2`, else v1's `featureFlags`/`featureFlagPayloads`), and `GET /flags/definitions`
 * (also `/api/feature_flag/local_evaluation`) for local evaluation, with an `ETag` that
 * follows the content and a 304 to a matching `If-None-Match`.
 */

import { createHash, randomUUID } from "node:crypto";
import { type Answer, errorAnswer, type RouteContext } from "../answer.ts";
import type {
  FlagDefinitions,
  FlagsRequestBody,
  FlagsScript,
  ScriptedFlag,
} from "../script-types.ts";
import { isObject } from "./ingestion.ts";

const EMPTY_DEFINITIONS: FlagDefinitions = { flags: [], group_type_mapping: {}, cohorts: {} };

interface FlagAnswer {
  readonly key: string;
  readonly enabled: boolean;
  readonly variant: string | null;
  readonly payload: string | undefined;
  readonly detail: Record<string, unknown>;
}

/**
 * Holds the flag scripts and answers the flag routes.
 *
 * @example
 * ```ts
 * const flags = new FlagRoutes();
 * flags.script = { flags: { beta: true } };
 * ```
 * @internal
 */
export class FlagRoutes {
  script: FlagsScript = {};
  #definitions: FlagDefinitions = EMPTY_DEFINITIONS;
  #etag = etagOf(EMPTY_DEFINITIONS);

  set definitions(definitions: FlagDefinitions) {
    this.#definitions = {
      flags: definitions.flags,
      group_type_mapping: definitions.group_type_mapping ?? {},
      cohorts: definitions.cohorts ?? {},
    };
    this.#etag = etagOf(this.#definitions);
  }

  reset(): void {
    this.script = {};
    this.definitions = EMPTY_DEFINITIONS;
  }

  /** `POST /flags`. */
  evaluate(context: RouteContext): Answer {
    const { decoded, request } = context;
    if (!decoded.isOk()) {
      return decoded.error.kind === "too-large"
        ? errorAnswer(413, "validation_error", "payload_too_large", decoded.error.detail)
        : errorAnswer(400, "validation_error", "invalid_payload", decoded.error.detail);
    }
    const body = decoded.value.json;
    if (!isObject(body)) {
      return errorAnswer(400, "validation_error", "invalid_payload", "body must be a JSON object");
    }
    const flagsBody = body as FlagsRequestBody;
    const token = flagsBody.token ?? flagsBody.api_key ?? request.query.token;
    if (typeof token !== "string" || token === "") {
      return errorAnswer(
        401,
        "authentication_error",
        "invalid_api_key",
        "Project API key invalid. You can find your project API key in PostHog project settings.",
      );
    }
    const answers = this.#answers(flagsBody);
    const requestId = randomUUID();
    const common = {
      errorsWhileComputingFlags: this.script.errorsWhileComputingFlags ?? false,
      requestId,
      ...(this.script.quotaLimited === undefined
        ? {}
        : { quotaLimited: [...this.script.quotaLimited] }),
    };
    if (request.query.v === "2") {
      const flags = Object.fromEntries(answers.map((answer) => [answer.key, answer.detail]));
      return { status: 200, body: { flags, ...common, evaluatedAt: Date.now() } };
    }
    const featureFlags = Object.fromEntries(
      answers.map((answer) => [answer.key, answer.variant ?? answer.enabled]),
    );
    const featureFlagPayloads = Object.fromEntries(
      answers
        .filter((answer) => answer.enabled && answer.payload !== undefined)
        .map((answer) => [answer.key, answer.payload]),
    );
    return { status: 200, body: { featureFlags, featureFlagPayloads, ...common } };
  }

  /** `GET /flags/definitions`. */
  definitionsFor(context: RouteContext): Answer {
    const auth = context.request.headers.authorization;
    if (typeof auth !== "string" || !/^bearer\s+\S+/i.test(auth)) {
      return errorAnswer(
        401,
        "authentication_error",
        "not_authenticated",
        "Authentication credentials were not provided.",
      );
    }
    const etag = this.#etag;
    const ifNoneMatch = context.request.headers["if-none-match"];
    if (typeof ifNoneMatch === "string" && matchesEtag(ifNoneMatch, etag)) {
      return { status: 304, headers: { etag } };
    }
    return { status: 200, headers: { etag }, body: this.#definitions };
  }

  #answers(body: FlagsRequestBody): FlagAnswer[] {
    const script = this.script.flags ?? {};
    const flags = typeof script === "function" ? script(body) : script;
    const wanted = Array.isArray(body.flag_keys_to_evaluate)
      ? new Set(body.flag_keys_to_evaluate)
      : undefined;
    return Object.entries(flags)
      .filter(([key]) => wanted === undefined || wanted.has(key))
      .map(([key, value]) => answerOf(key, value));
  }
}

function answerOf(key: string, scripted: ScriptedFlag): FlagAnswer {
  const spec = typeof scripted === "object" ? scripted : undefined;
  const variant =
    typeof scripted === "string" ? scripted : spec?.variant === undefined ? null : spec.variant;
  const enabled =
    typeof scripted === "boolean"
      ? scripted
      : typeof scripted === "string" || (spec?.enabled ?? true);
  const payload = spec?.payload === undefined ? undefined : JSON.stringify(spec.payload);
  const code = spec?.reason ?? (enabled ? "condition_match" : "no_condition_match");
  const detail: Record<string, unknown> = {
    key,
    enabled,
    variant,
    reason: {
      code,
      condition_index: enabled ? 0 : null,
      description: enabled ? "Matched condition set 1" : "No matching condition set",
    },
    metadata: {
      id: spec?.id ?? 1,
      version: spec?.version ?? 1,
      description: spec?.description ?? null,
      ...(payload === undefined ? {} : { payload }),
    },
    ...(spec?.failed === undefined ? {} : { failed: spec.failed }),
  };
  return { key, enabled, variant, payload, detail };
}

function etagOf(definitions: FlagDefinitions): string {
  return `"${createHash("sha1").update(JSON.stringify(definitions)).digest("hex")}"`;
}

function matchesEtag(header: string, etag: string): boolean {
  return header
    .split(",")
    .map((part) => part.trim().replace(/^W\//, ""))
    .some((part) => part === "*" || part === etag);
}
