/**
 * Builds a private-API URL from a schema path template (`/api/projects/{project_id}/…`),
 * its path parameters (`project_id` defaulting to the client's project) and a query. Each
 * parameter is percent-encoded; query arrays of primitives repeat their key, objects and
 * arrays of objects are sent as JSON (PostHog's `properties` filters), `undefined` is left out.
 */

import { Result } from "typescript-result";
import { PostHogError } from "../errors/posthog-error.ts";

/**
 * Fills a path template.
 *
 * @param template - A schema path, e.g. `/api/projects/{project_id}/feature_flags/{id}/`.
 * @param params - The path parameters.
 * @param projectId - The default of `project_id`.
 * @returns The path, or an `"invalid-options"` error naming the missing parameter.
 * @example
 * ```ts
 * fillPath("/api/projects/{project_id}/feature_flags/{id}/", { id: 7 }, "@current");
 * // "/api/projects/%40current/feature_flags/7/"
 * ```
 */
export function fillPath(
  template: string,
  params: Readonly<Record<string, unknown>> | undefined,
  projectId: string,
): Result<string, PostHogError<"invalid-options">> {
  let missing: string | undefined;
  const path = template.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params?.[name] ?? (name === "project_id" ? projectId : undefined);
    if (value === undefined || value === null || value === "") {
      missing ??= name;
      return "";
    }
    return encodeURIComponent(String(value)).replace(/^%40/, "@");
  });
  if (missing !== undefined) {
    return Result.error(
      new PostHogError(
        "invalid-options",
        { option: `params.path.${missing}` },
        {
          message: `The path parameter \`${missing}\` of ${template} is missing`,
        },
      ),
    );
  }
  return Result.ok(path);
}

/**
 * Serializes a query object.
 *
 * @param query - Values: strings, numbers, booleans, arrays of them (the key repeated), or
 * objects and arrays of objects (as JSON).
 * @returns `?a=1&b=2`, or `""` when there is nothing to send.
 */
export function queryString(query: Readonly<Record<string, unknown>> | undefined): string {
  if (query === undefined) return "";
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    // An array of primitives repeats its key (OpenAPI's default "form, explode"); an array
    // of objects is one JSON value, as PostHog reads its `properties` filters.
    const repeated =
      Array.isArray(value) && !value.some((item) => typeof item === "object" && item !== null);
    for (const item of repeated ? (value as unknown[]) : [value]) {
      if (item === undefined || item === null) continue;
      search.append(key, typeof item === "object" ? JSON.stringify(item) : String(item));
    }
  }
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

/**
 * The URL of a page to follow: PostHog's `next` as it is when it points at the API host,
 * otherwise its path and query on the API host, so the personal key only ever goes there.
 *
 * @param next - The `next` of a page (absolute or relative).
 * @param apiHost - The private-API host.
 */
export function followUrl(next: string, apiHost: string): string {
  const base = new URL(apiHost);
  const url = new URL(next, base);
  if (url.origin === base.origin) return url.href;
  return new URL(`${url.pathname}${url.search}`, base.origin).href;
}
