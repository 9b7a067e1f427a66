/**
 * JSON in and out as `Result`s: encoding a value JSON cannot carry (a BigInt, a cycle) and
 * reading an answer that is not JSON are `"serialization"` errors, never throws.
 */

import { Result } from "typescript-result";
import { PostHogError } from "../errors/posthog-error.ts";

/**
 * Encodes a value as JSON.
 *
 * @param value - Anything.
 * @returns The JSON text, or a `"serialization"` error (direction `"request"`) with the
 * `TypeError` of `JSON.stringify` as cause.
 * @example
 * ```ts
 * encodeJson({ n: 1n }).error?.kind; // "serialization"
 * ```
 */
export function encodeJson(value: unknown): Result<string, PostHogError<"serialization">> {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) {
      return Result.error(
        new PostHogError(
          "serialization",
          { direction: "request" },
          {
            message: `A ${typeof value} cannot be encoded as JSON`,
          },
        ),
      );
    }
    return Result.ok(text);
  } catch (cause) {
    const reason = cause instanceof Error ? `: ${cause.message}` : "";
    return Result.error(
      new PostHogError(
        "serialization",
        { direction: "request" },
        {
          message: `The request body cannot be encoded as JSON${reason}`,
          cause,
        },
      ),
    );
  }
}

/**
 * Reads an answer's text as JSON; an empty text is `undefined`.
 *
 * @param text - The answer's body.
 * @param status - Its status, for the message.
 * @returns The value, or a `"serialization"` error (direction `"response"`).
 */
export function decodeJson(
  text: string,
  status: number,
): Result<unknown, PostHogError<"serialization">> {
  if (text.trim() === "") return Result.ok(undefined);
  try {
    return Result.ok(JSON.parse(text) as unknown);
  } catch (cause) {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    return Result.error(
      new PostHogError(
        "serialization",
        { direction: "response" },
        {
          message: `PostHog answered ${status} with a body that is not JSON: ${JSON.stringify(preview)}`,
          cause,
        },
      ),
    );
  }
}
