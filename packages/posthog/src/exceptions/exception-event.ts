/**
 * Builds the `$exception` event of `captureException(error, distinctId?, properties?)`, as
 * PostHog's SDK specs `capture-exception` and `exception-event-metadata` describe it: a
 * handled, manually captured exception (`$exception_level: "error"`, outermost mechanism
 * `{ type: "generic", handled: true }`), its `$exception_list` with V8 stack frames
 * bottom-up and its `cause`/`AggregateError` tree, and the caller's properties — which
 * cannot override the keys the SDK owns (`$exception_list`, `$exception_level`,
 * `$exception_source`, `$debug_images`, and the processor's `$exception_*` keys). A
 * pure function that never throws, whatever was thrown.
 */

import { uuidv7 } from "../capture/uuid.ts";
import { normalizeExceptionLevel } from "./exception-level.ts";
import { buildExceptionList } from "./exception-list.ts";
import type { ExceptionCaptureOptions, ExceptionEntry, ExceptionLevel } from "./types.ts";

/** Keys of the property bag that the SDK or PostHog's processor owns; callers cannot set them. */
export const RESERVED_EXCEPTION_PROPERTIES: readonly string[] = [
  "$exception_list",
  "$exception_level",
  "$exception_source",
  "$debug_images",
  "$exception_type",
  "$exception_message",
  "$exception_handled",
  "$exception_types",
  "$exception_values",
  "$exception_sources",
  "$exception_functions",
  "$exception_fingerprint_version",
  "$exception_fingerprint_record",
  "$exception_issue_id",
  "$exception_release",
  "$cymbal_errors",
];

/** The `$exception` event, in the shape `capture` accepts. */
export interface ExceptionEvent {
  readonly distinctId: string;
  readonly event: "$exception";
  readonly properties: ExceptionEventProperties;
}

/** The properties of an {@link ExceptionEvent}: the SDK's keys and the caller's. */
export interface ExceptionEventProperties {
  readonly $exception_list: readonly ExceptionEntry[];
  readonly $exception_level: ExceptionLevel;
  /** The outermost exception's type (legacy convenience, as the acceptance spec reads it). */
  readonly $exception_type: string;
  /** The outermost exception's message. */
  readonly $exception_message: string;
  readonly $exception_source?: string;
  readonly $exception_fingerprint?: string;
  readonly [key: string]: unknown;
}

const DEFAULT_MECHANISM_TYPE = "generic";

/**
 * The `$exception` event for a caught error.
 *
 * @param error - Whatever was caught: an `Error` (its stack, `cause` chain and
 *   `AggregateError` members are kept), or any other value (converted, with a current
 *   stack, and marked synthetic).
 * @param distinctId - Who hit it. When omitted the event gets a fresh id and
 *   `$process_person_profile: false`, so no person is created for it.
 * @param properties - Extra properties; a `$exception_fingerprint` string here sets a custom
 *   grouping key; SDK-owned `$exception_*` keys are ignored.
 * @param options - Typed overrides for an SDK-owned integration (level, mechanism, source,
 *   fingerprint); invalid ones are ignored.
 * @example
 * ```ts
 * try {
 *   await pay(order);
 * } catch (error) {
 *   posthog.capture(buildExceptionEvent(error, "user-1", { orderId: order.id }));
 * }
 * ```
 */
export function buildExceptionEvent(
  error: unknown,
  distinctId?: string,
  properties?: Readonly<Record<string, unknown>>,
  options: ExceptionCaptureOptions = {},
): ExceptionEvent {
  const mechanism = options.mechanism ?? {};
  const list = buildExceptionList(
    error,
    {
      type: nonEmpty(mechanism.type) ?? DEFAULT_MECHANISM_TYPE,
      handled: typeof mechanism.handled === "boolean" ? mechanism.handled : true,
      synthetic: typeof mechanism.synthetic === "boolean" ? mechanism.synthetic : undefined,
    },
    () => currentStack(options.stackStart ?? buildExceptionEvent),
  );
  const outermost = list[0];
  const own: Record<string, unknown> = {};
  for (const [key, value] of safeEntries(properties)) {
    if (!RESERVED_EXCEPTION_PROPERTIES.includes(key)) own[key] = value;
  }
  const fingerprint = nonEmpty(options.fingerprint) ?? nonEmpty(own.$exception_fingerprint);
  delete own.$exception_fingerprint;
  const source = nonEmpty(options.source);
  const hasDistinctId = typeof distinctId === "string" && distinctId !== "";
  const eventProperties: ExceptionEventProperties = {
    ...(hasDistinctId ? {} : { $process_person_profile: false }),
    ...own,
    $exception_list: list,
    $exception_level: normalizeExceptionLevel(options.level) ?? "error",
    $exception_type: outermost?.type ?? "Error",
    $exception_message: outermost?.value ?? "",
    ...(source === undefined ? {} : { $exception_source: source }),
    ...(fingerprint === undefined ? {} : { $exception_fingerprint: fingerprint }),
  };
  return {
    distinctId: hasDistinctId ? distinctId : uuidv7(),
    event: "$exception",
    properties: eventProperties,
  };
}

// biome-ignore lint/complexity/noBannedTypes: Error.captureStackTrace takes any function.
function currentStack(stackStart: Function): string | undefined {
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder, stackStart);
  return typeof holder.stack === "string" ? holder.stack : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

function safeEntries(properties: unknown): [string, unknown][] {
  if (typeof properties !== "object" || properties === null) return [];
  try {
    return Object.entries(properties);
  } catch {
    return [];
  }
}
