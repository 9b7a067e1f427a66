/**
 * The options of `PostHogActor`, their defaults, and their validation. `onStart` resolves
 * them once; a bad value fails the start with an `"invalid-options"` `PostHogError` that
 * names the option and the value received. Options of the HTTP client (key, host, retry,
 * timeout) are checked by `PostHogClient` itself when the actor makes its own.
 */
import type { KyInstance } from "ky";
import { Result } from "typescript-result";
import { type Compression, isCompressionSupported } from "../client/compression.ts";
import type { PostHogLogger } from "../client/logger.ts";
import type { RetryPolicy } from "../client/options.ts";
import type { PostHogClient } from "../client/posthog-client.ts";
import { PostHogError } from "../errors/posthog-error.ts";
import type { PostHogCaptureEmitter } from "./events.ts";
import type { FacadeLink } from "./stats.ts";
import type { Transport } from "./transport.ts";
import type { CaptureEvent } from "./types.ts";

/** The capture protocol: `"v0"` (`/batch/`) or `"v1"` (`/i/v1/analytics/events`). */
export type CaptureMode = "v0" | "v1";

/**
 * Options of `PostHogActor` (its spawn arguments).
 *
 * @example
 * ```ts
 * spawn(PostHogActor, { apiKey: "phc_…", host: "https://eu.i.posthog.com", flushAt: 50 });
 * ```
 */
export interface PostHogActorOptions {
  /** The project token (`phc_…`). Required unless `client` is given. */
  readonly apiKey?: string | undefined;
  /** The ingestion host. @defaultValue `"https://us.i.posthog.com"` */
  readonly host?: string | undefined;
  /** Queued events that trigger a request without waiting for the timer. @defaultValue `100` */
  readonly flushAt?: number | undefined;
  /** The flush timer's period, in ms. @defaultValue `5000` */
  readonly flushIntervalMs?: number | undefined;
  /** Events per request at most. @defaultValue `1000` */
  readonly maxBatchSize?: number | undefined;
  /** Bytes of event JSON per request at most. @defaultValue `5 MiB` */
  readonly maxBatchBytes?: number | undefined;
  /** Bytes of events held (queued, in flight, parked) before the oldest are dropped. @defaultValue `64 MiB` */
  readonly maxQueueBytes?: number | undefined;
  /** Requests in flight at once. @defaultValue `2` */
  readonly maxInFlight?: number | undefined;
  /** Timeout of each attempt, in ms (the actor's own client only). @defaultValue `10000` */
  readonly requestTimeoutMs?: number | undefined;
  /** How long a stop may spend delivering, in ms. @defaultValue `30000` */
  readonly shutdownTimeoutMs?: number | undefined;
  /**
   * Request body compression: `"gzip"`, `"deflate"`, `"br"`, `"zstd"` (Node 22.15+) or
   * `"none"`. @defaultValue `"gzip"`
   */
  readonly compression?: Compression | undefined;
  /**
   * The capture protocol: `"v0"` posts `{ api_key, batch }` to `/batch/`; `"v1"` posts to
   * `/i/v1/analytics/events`, whose answer settles each event on its own (delivered,
   * rejected with PostHog's reason, or sent again). @defaultValue `"v0"`
   */
  readonly captureMode?: CaptureMode | undefined;
  /** Sees every event before it is queued; return it (changed or not), or `null` to drop it. */
  readonly beforeSend?: ((event: CaptureEvent) => CaptureEvent | null) | undefined;
  /** A `PostHogClient` to share (its own retry, timeout and compression settings apply). */
  readonly client?: PostHogClient | undefined;
  /** Retry policy of the actor's own client; its backoff is capped at `retryProbeMs`. */
  readonly retry?: RetryPolicy | undefined;
  /** A `ky` instance for the actor's own client. */
  readonly http?: KyInstance | undefined;
  /** A pino-compatible logger. @defaultValue silent */
  readonly logger?: PostHogLogger | undefined;
  /** The emitter the actor emits on, so whoever holds only a ref can listen. @defaultValue a new one */
  readonly events?: PostHogCaptureEmitter | undefined;
  /**
   * Events a previous actor could not deliver (its `undelivered()`), captured first when this
   * one starts. They keep their `uuid` and `timestamp`, so handing them over neither duplicates
   * nor re-stamps them: pass them from `supervise`'s `nextArgs`.
   */
  readonly handover?: readonly CaptureEvent[] | undefined;
  /** Accept events and send nothing (tests, local development). @defaultValue `false` */
  readonly disabled?: boolean | undefined;
  /** Send `$geoip_disable: true` on every event. @defaultValue `false` */
  readonly disableGeoip?: boolean | undefined;
  /** Mark requests as a historical migration (`historical_migration: true`). @defaultValue `false` */
  readonly historicalMigration?: boolean | undefined;
  /** Cap of the backoff between attempts, and the period of parked retries while draining, in ms. @defaultValue `1000` */
  readonly retryProbeMs?: number | undefined;
  /** Period of parked retries when idle, in ms. @defaultValue `30000` */
  readonly parkedRetryMs?: number | undefined;
  /**
   * Sends one batch instead of the client's `/batch/` request: the seam for another route
   * or body format.
   * @internal
   */
  readonly transport?: Transport | undefined;
  /**
   * The link to `createPostHog`'s facade: drops it saw (a full mailbox), added to
   * `stats().dropped`, and a synchronous window on `stats()` that the actor opens.
   * @internal
   */
  readonly link?: FacadeLink | undefined;
}

/** The options with every default filled in. @internal */
export interface ResolvedActorOptions {
  readonly flushAt: number;
  readonly flushIntervalMs: number;
  readonly maxBatchSize: number;
  readonly maxBatchBytes: number;
  readonly maxQueueBytes: number;
  readonly maxInFlight: number;
  readonly requestTimeoutMs: number;
  readonly shutdownTimeoutMs: number;
  readonly compression: Compression;
  readonly captureMode: CaptureMode;
  readonly disabled: boolean;
  readonly disableGeoip: boolean;
  readonly historicalMigration: boolean;
  readonly retryProbeMs: number;
  readonly parkedRetryMs: number;
}

/** The defaults of the capture options. */
export const CAPTURE_DEFAULTS: ResolvedActorOptions = Object.freeze({
  flushAt: 100,
  flushIntervalMs: 5_000,
  maxBatchSize: 1_000,
  maxBatchBytes: 5 * 1024 * 1024,
  maxQueueBytes: 64 * 1024 * 1024,
  maxInFlight: 2,
  requestTimeoutMs: 10_000,
  shutdownTimeoutMs: 30_000,
  compression: "gzip",
  captureMode: "v0",
  disabled: false,
  disableGeoip: false,
  historicalMigration: false,
  retryProbeMs: 1_000,
  parkedRetryMs: 30_000,
});

/** PostHog's limit per request; a batch budget above it could never be sent. */
const MAX_REQUEST_BYTES = 20 * 1024 * 1024;
const MAX_TIMER_MS = 2_147_483_647;

type Invalid = PostHogError<"invalid-options">;

function invalid(option: string, message: string): Result.Error<Invalid> {
  return Result.error(
    new PostHogError(
      "invalid-options",
      { option },
      { message: `Invalid option \`${option}\`: ${message}` },
    ),
  );
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const COMPRESSIONS: readonly string[] = ["gzip", "deflate", "br", "zstd", "none"];

function isCompression(value: string): value is Compression {
  return COMPRESSIONS.includes(value);
}

type NumberRule = readonly [
  key: keyof ResolvedActorOptions,
  min: number,
  max: number,
  integer: boolean,
];

const NUMBER_RULES: readonly NumberRule[] = [
  ["flushAt", 1, Number.MAX_SAFE_INTEGER, true],
  ["flushIntervalMs", 1, MAX_TIMER_MS, false],
  ["maxBatchSize", 1, Number.MAX_SAFE_INTEGER, true],
  ["maxBatchBytes", 1, MAX_REQUEST_BYTES, true],
  ["maxQueueBytes", 1, Number.MAX_SAFE_INTEGER, true],
  ["maxInFlight", 1, 1_000, true],
  ["requestTimeoutMs", 1, MAX_TIMER_MS, false],
  ["shutdownTimeoutMs", 0, MAX_TIMER_MS, false],
  ["retryProbeMs", 1, MAX_TIMER_MS, false],
  ["parkedRetryMs", 1, MAX_TIMER_MS, false],
];

const BOOLEAN_OPTIONS = ["disabled", "disableGeoip", "historicalMigration"] as const;

/**
 * Checks the capture options and fills the defaults.
 *
 * @param options - The actor's spawn arguments.
 * @returns The resolved options, or an `"invalid-options"` error naming the first bad one.
 * @example
 * ```ts
 * resolveActorOptions({ apiKey: "phc_x", flushAt: 0 }).error?.option; // "flushAt"
 * ```
 */
export function resolveActorOptions(
  options: PostHogActorOptions,
): Result<ResolvedActorOptions, Invalid> {
  if (typeof options !== "object" || options === null) {
    return invalid("options", `expected an object, got ${show(options)}`);
  }
  const resolved: Record<string, unknown> = { ...CAPTURE_DEFAULTS };
  for (const [key, min, max, integer] of NUMBER_RULES) {
    const value: unknown = options[key];
    if (value === undefined) continue;
    if (
      typeof value !== "number" ||
      Number.isNaN(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      const kind = integer ? "an integer" : "a number";
      return invalid(key, `must be ${kind} from ${min} to ${max}, got ${show(value)}`);
    }
    resolved[key] = value;
  }
  for (const key of BOOLEAN_OPTIONS) {
    const value: unknown = options[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") return invalid(key, `must be a boolean, got ${show(value)}`);
    resolved[key] = value;
  }
  const { compression, captureMode, beforeSend, client, apiKey, transport } = options;
  if (compression !== undefined) {
    if (typeof compression !== "string" || !isCompression(compression)) {
      return invalid(
        "compression",
        `must be "gzip", "deflate", "br", "zstd" or "none", got ${show(compression)}`,
      );
    }
    if (compression !== "none" && !isCompressionSupported(compression)) {
      return invalid("compression", `${show(compression)} is not supported by this Node`);
    }
    resolved.compression = compression;
  }
  if (captureMode !== undefined) {
    if (captureMode !== "v0" && captureMode !== "v1") {
      return invalid("captureMode", `must be "v0" or "v1", got ${show(captureMode)}`);
    }
    resolved.captureMode = captureMode;
  }
  if (beforeSend !== undefined && typeof beforeSend !== "function") {
    return invalid("beforeSend", `must be a function, got ${show(beforeSend)}`);
  }
  if (client === undefined && transport === undefined && apiKey === undefined) {
    return invalid("apiKey", "an `apiKey` (your project token, phc_…) or a `client` is required");
  }
  return Result.ok(resolved as unknown as ResolvedActorOptions);
}
