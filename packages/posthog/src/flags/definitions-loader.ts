/**
 * One load of `/flags/definitions`, as a typed outcome: new definitions (compiled at once
 * into an immutable snapshot), not modified (a 304 keeps what we have), quota-limited
 * (402: PostHog says to drop local flags), unauthorized (401/403: the key cannot read
 * definitions, polling should stop), or failed (network, timeout, 429, 5xx, a body that is
 * not definitions: keep the last good definitions and back off).
 */
import type { PostHogError } from "../errors/posthog-error.ts";
import { PostHogError as PostHogErrorClass } from "../errors/posthog-error.ts";
import {
  type CompileOptions,
  compileFlagDefinitions,
  type FlagDefinitions,
} from "./definitions.ts";
import { FeatureFlagsError } from "./errors.ts";
import type { FlagsHttp } from "./flags-http.ts";
import type { FlagDefinitionsPayload } from "./types.ts";

/** The outcome of one load of `/flags/definitions`. */
export type DefinitionsLoad =
  | {
      readonly kind: "loaded";
      readonly definitions: FlagDefinitions;
      readonly etag: string | undefined;
    }
  | { readonly kind: "not-modified"; readonly etag: string | undefined }
  | { readonly kind: "quota-limited" }
  | { readonly kind: "unauthorized"; readonly error: FeatureFlagsError }
  | { readonly kind: "failed"; readonly error: PostHogError };

/** What a load needs. */
export interface DefinitionsSource {
  readonly http: FlagsHttp;
  /** The project token. */
  readonly token: string;
  /** The personal or secret key. */
  readonly personalApiKey: string;
  readonly compile?: Omit<CompileOptions, "loadedAt">;
  /** The clock, for the load time. */
  readonly now: () => number;
}

function isPayload(body: unknown): body is FlagDefinitionsPayload {
  return (
    typeof body === "object" && body !== null && Array.isArray((body as { flags?: unknown }).flags)
  );
}

/**
 * Loads the definitions once.
 *
 * @param source - Where from, and how to compile them.
 * @param etag - The `ETag` of the definitions held, for a conditional request.
 * @param signal - Aborts the request.
 * @example
 * ```ts
 * const load = await loadDefinitions(source, lastEtag, signal);
 * if (load.kind === "loaded") current = load.definitions;
 * ```
 */
export async function loadDefinitions(
  source: DefinitionsSource,
  etag: string | undefined,
  signal?: AbortSignal,
): Promise<DefinitionsLoad> {
  const answer = await source.http.definitions(source.token, source.personalApiKey, etag, signal);
  if (!answer.ok) return { kind: "failed", error: answer.error };
  const { status, text } = answer.value;
  switch (status) {
    case 200: {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      if (!isPayload(body)) {
        return {
          kind: "failed",
          error: new PostHogErrorClass(
            "serialization",
            { direction: "response" },
            {
              message: "The /flags/definitions answer is not flag definitions",
            },
          ),
        };
      }
      // A server that stops sending an ETag gets unconditional requests again.
      const definitions = compileFlagDefinitions(body, {
        ...source.compile,
        loadedAt: source.now(),
      });
      return { kind: "loaded", definitions, etag: answer.value.etag };
    }
    case 304:
      return { kind: "not-modified", etag: answer.value.etag ?? etag };
    case 402:
      return { kind: "quota-limited" };
    case 401:
    case 403:
      return {
        kind: "unauthorized",
        error: new FeatureFlagsError(
          "unauthorized",
          status === 401
            ? "The personal or secret key is invalid (401): flag definitions cannot be loaded; polling stopped"
            : "The personal or secret key may not read flag definitions of this project (403); polling stopped",
          { status },
        ),
      };
    default:
      return {
        kind: "failed",
        error: new PostHogErrorClass("api", {
          status,
          body: text,
          code: undefined,
          detail: undefined,
        }),
      };
  }
}
