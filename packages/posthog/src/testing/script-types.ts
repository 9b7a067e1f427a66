/**
 * Types of the scripted answers: what `POST /flags` evaluates to, what
 * `GET /flags/definitions` returns, and the private-API routes a test scripts.
 */

import type { RecordedRequest } from "./types.ts";

/**
 * The scripted value of one flag: `true`/`false`, a variant name, or the details.
 *
 * @example
 * ```ts
 * const beta: ScriptedFlag = true;
 * const checkout: ScriptedFlag = { variant: "test", payload: { color: "blue" }, id: 7 };
 * ```
 */
export type ScriptedFlag =
  | boolean
  | string
  | {
      /** @defaultValue `true` (also when `variant` is set) */
      readonly enabled?: boolean;
      readonly variant?: string;
      /** Any JSON value; sent JSON-encoded as PostHog does (`metadata.payload`). */
      readonly payload?: unknown;
      readonly id?: number;
      readonly version?: number;
      readonly description?: string;
      /** @defaultValue `"condition_match"` when enabled, `"no_condition_match"` otherwise */
      readonly reason?: string;
      /** Mark the flag as failed (`failed: true`, as when PostHog errored on it). */
      readonly failed?: boolean;
    };

/**
 * The body a client sends to `POST /flags`, as far as the server reads it.
 *
 * @example
 * ```ts
 * server.setFlags({ flags: (body) => ({ beta: body.distinct_id === "u1" }) });
 * ```
 */
export interface FlagsRequestBody {
  readonly token?: string;
  readonly api_key?: string;
  readonly distinct_id?: string;
  readonly groups?: Readonly<Record<string, unknown>>;
  readonly person_properties?: Readonly<Record<string, unknown>>;
  readonly group_properties?: Readonly<Record<string, unknown>>;
  readonly flag_keys_to_evaluate?: readonly string[];
  readonly [field: string]: unknown;
}

/**
 * What `POST /flags` answers. With `?v=2` the answer has PostHog's v2 shape
 * (`{ flags: { key: { key, enabled, variant, reason, metadata } }, errorsWhileComputingFlags,
 * requestId }`), otherwise the v1 shape (`featureFlags`, `featureFlagPayloads`). Only the
 * keys named in `flag_keys_to_evaluate` are returned when the request names some.
 *
 * @example
 * ```ts
 * server.setFlags({ flags: { beta: true, checkout: "test" }, quotaLimited: [] });
 * ```
 */
export interface FlagsScript {
  /** The flags, or a function of the request body that returns them. @defaultValue `{}` */
  readonly flags?:
    | Readonly<Record<string, ScriptedFlag>>
    | ((body: FlagsRequestBody) => Readonly<Record<string, ScriptedFlag>>);
  /** @defaultValue `false` */
  readonly errorsWhileComputingFlags?: boolean;
  /** E.g. `["feature_flags"]` to say the project is over its quota. */
  readonly quotaLimited?: readonly string[];
}

/**
 * What `GET /flags/definitions` (local evaluation) answers: PostHog's
 * `{ flags, group_type_mapping, cohorts }`. The server adds an `ETag` (a hash of the body)
 * and answers 304 to a matching `If-None-Match`.
 *
 * @example
 * ```ts
 * server.setFlagDefinitions({
 *   flags: [{ id: 1, key: "beta", active: true, filters: { groups: [{ rollout_percentage: 100 }] } }],
 * });
 * ```
 */
export interface FlagDefinitions {
  readonly flags: readonly Readonly<Record<string, unknown>>[];
  readonly group_type_mapping?: Readonly<Record<string, string>>;
  readonly cohorts?: Readonly<Record<string, unknown>>;
}

/**
 * A scripted private-API answer.
 *
 * @example
 * ```ts
 * const answer: PrivateApiAnswer = { status: 201, body: { id: 1 }, headers: { "x-trace": "t" } };
 * ```
 */
export interface PrivateApiAnswer {
  /** @defaultValue `200` */
  readonly status?: number;
  /**
   * Any JSON value; `undefined` sends no body. A `Buffer`, or a string with a non-JSON
   * `content-type` in `headers`, is sent as it is.
   */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * One scripted private-API route. The most recently added route that matches wins; an
 * unscripted path answers 404 with PostHog's `{ type, code, detail, attr }` body.
 *
 * @example
 * ```ts
 * server.onPrivateApi({
 *   method: "GET",
 *   path: /^\/api\/projects\/(\d+)\/feature_flags\/$/,
 *   answer: (request) => ({ body: { count: 0, next: null, previous: null, results: [] } }),
 * });
 * ```
 */
export interface PrivateApiRoute {
  /** HTTP method, case-insensitive; `"*"` or absent matches any. */
  readonly method?: string;
  /** The exact path (query excluded) or a `RegExp` tested on it. */
  readonly path: string | RegExp;
  /** The answer, or a function of the recorded request that returns it. */
  readonly answer: PrivateApiAnswer | ((request: RecordedRequest) => PrivateApiAnswer);
  /** Answer this many times, then stop matching. @defaultValue unlimited */
  readonly times?: number;
}
