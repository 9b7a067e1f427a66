/**
 * Turns what a ky call threw into a `PostHogError`. A raw ky error is never kept: its
 * `request` and `options` carry the headers, `Authorization` included, and would print the
 * personal key wherever the error is logged; the cause kept is a plain `Error` with the same
 * name and message (method and URL, which hold no key).
 */

import { HTTPError, TimeoutError } from "ky";
import { PostHogError } from "../errors/posthog-error.ts";

/** Thrown by a body builder inside a hook, so the failure maps to `"serialization"`. @internal */
export class BodyEncodingError extends Error {
  override readonly name = "BodyEncodingError" as const;
}

/**
 * The `PostHogError` of a failed call.
 *
 * @param error - What the ky call threw.
 * @param signal - The caller's signal: when it is aborted, the failure is an abort.
 */
export async function toPostHogError(
  error: unknown,
  signal: AbortSignal | undefined,
): Promise<PostHogError> {
  if (signal?.aborted) {
    return new PostHogError("request", { reason: "abort" }, { cause: signal.reason });
  }
  if (error instanceof HTTPError) return apiError(error.response);
  if (error instanceof TimeoutError) {
    return new PostHogError("request", { reason: "timeout" }, { cause: plainError(error) });
  }
  if (error instanceof BodyEncodingError) {
    return new PostHogError(
      "serialization",
      { direction: "request" },
      {
        message: error.message,
        cause: error.cause,
      },
    );
  }
  if (error instanceof Error && error.name === "AbortError") {
    return new PostHogError("request", { reason: "abort" }, { cause: plainError(error) });
  }
  const detail = networkDetail(error);
  return new PostHogError(
    "request",
    { reason: "network" },
    {
      message: `The request to PostHog failed (network error${detail})`,
      cause: error instanceof TypeError ? error : plainError(error),
    },
  );
}

/**
 * The `"api"` error of a non-success answer, with PostHog's `code` and `detail` when the
 * body has them (`{ type, code, detail, attr }`).
 *
 * @param response - The answer (its body not yet read).
 */
export async function apiError(response: Response): Promise<PostHogError<"api">> {
  const text = await response.text().catch(() => "");
  let body: unknown = text === "" ? undefined : text;
  try {
    if (text !== "") body = JSON.parse(text) as unknown;
  } catch {
    // not JSON: keep the text
  }
  const fields = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  return new PostHogError("api", {
    status: response.status,
    body,
    code: typeof fields.code === "string" ? fields.code : undefined,
    detail: typeof fields.detail === "string" ? fields.detail : undefined,
  });
}

/** A plain copy of an error: same name and message, none of its fields. */
function plainError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const copy = new Error(error.message);
  copy.name = error.name;
  return copy;
}

/** The system error code behind a fetch `TypeError` (`ECONNREFUSED`…), for the message. */
function networkDetail(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === "string" ? `: ${cause.code}` : "";
}
