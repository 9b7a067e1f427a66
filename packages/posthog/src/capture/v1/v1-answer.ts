/**
 * Reads the 200 answer of a V1 capture request, which reports on each event by uuid:
 * `{"results": {"<uuid>": {"result": "ok" | "retry" | "drop" | "limited" | "warning" | …,
 * "details": "…"}}}`. Each event sent ends in one class: `retry` events are to be sent
 * again (alone), `drop` events are rejected with PostHog's `details` as the reason, and
 * every other result (`ok`, `limited`, `warning`, and results this version does not know) is
 * final: accepted, with a note when it was not a plain `ok`. An event the map does not
 * mention was accepted (the answer is a 200). An answer that is not this JSON is an error.
 */

import { Result } from "typescript-result";
import { PostHogError } from "../../errors/posthog-error.ts";

/** An event PostHog accepted with a remark (`limited`, `warning`, an unknown result). */
export interface V1Note {
  readonly uuid: string;
  readonly result: string;
  readonly details: string | undefined;
}

/** An event PostHog dropped. */
export interface V1Drop {
  readonly uuid: string;
  /** PostHog's `details` (`"invalid_event"`…), else `"drop"`. */
  readonly reason: string;
}

/** What became of each event of one V1 request. */
export interface V1Outcome {
  /** Accepted for good (notes included). */
  readonly accepted: readonly string[];
  /** To be sent again. */
  readonly retry: readonly string[];
  /** Refused for good. */
  readonly dropped: readonly V1Drop[];
  /** Accepted events whose result was not a plain `ok`. */
  readonly notes: readonly V1Note[];
}

/**
 * Classifies the events of a V1 request by PostHog's 200 answer.
 *
 * @param body - The answer's body, as text (`""` counts as "all accepted").
 * @param uuids - The uuids sent in the request, in order.
 * @returns The outcome, or a `"serialization"` error when the body is not the V1 shape.
 * @example
 * ```ts
 * parseV1Answer('{"results":{"a":{"result":"ok"},"b":{"result":"retry"}}}', ["a", "b"]);
 * // Result.ok({ accepted: ["a"], retry: ["b"], dropped: [], notes: [] })
 * ```
 */
export function parseV1Answer(
  body: string,
  uuids: readonly string[],
): Result<V1Outcome, PostHogError<"serialization">> {
  let results: Record<string, unknown> = {};
  if (body.trim() !== "") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (cause) {
      return notV1("PostHog's V1 answer is not JSON", cause);
    }
    if (!isRecord(parsed)) return notV1("PostHog's V1 answer is not a JSON object");
    const raw = parsed.results;
    if (raw !== undefined && raw !== null) {
      if (!isRecord(raw)) return notV1("PostHog's V1 answer has a `results` that is not a map");
      results = raw;
    }
  }
  const accepted: string[] = [];
  const retry: string[] = [];
  const dropped: V1Drop[] = [];
  const notes: V1Note[] = [];
  for (const uuid of uuids) {
    const entry = Object.hasOwn(results, uuid) ? results[uuid] : undefined;
    const result = isRecord(entry) && typeof entry.result === "string" ? entry.result : "ok";
    const details =
      isRecord(entry) && typeof entry.details === "string" ? entry.details : undefined;
    if (result === "retry") {
      retry.push(uuid);
    } else if (result === "drop") {
      dropped.push({ uuid, reason: details ?? "drop" });
    } else {
      accepted.push(uuid);
      if (result !== "ok") notes.push({ uuid, result, details });
    }
  }
  return Result.ok({ accepted, retry, dropped, notes });
}

function notV1(message: string, cause?: unknown): Result.Error<PostHogError<"serialization">> {
  const options = cause === undefined ? { message } : { message, cause };
  return Result.error(new PostHogError("serialization", { direction: "response" }, options));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
