/**
 * The private API (`/api/…`), answered from scripted routes: any method, a path given
 * exactly or as a `RegExp`, a status and a JSON body (or a function of the recorded
 * request). The most recently added route that matches wins. Like PostHog, a request
 * without `Authorization` gets 401, and an unscripted path 404, both with the error body
 * `{ type, code, detail, attr }`.
 */

import { type Answer, errorAnswer, type RouteContext } from "../answer.ts";
import type { PrivateApiRoute } from "../script-types.ts";

interface ArmedRoute {
  readonly route: PrivateApiRoute;
  remaining: number;
}

/**
 * Holds the scripted private-API routes and answers them.
 *
 * @example
 * ```ts
 * const api = new PrivateApiRoutes();
 * api.add({ method: "GET", path: "/api/users/@me/", answer: { body: { email: "a@b.c" } } });
 * ```
 * @internal
 */
export class PrivateApiRoutes {
  #routes: ArmedRoute[] = [];

  add(route: PrivateApiRoute): void {
    this.#routes.push({ route, remaining: route.times ?? Number.POSITIVE_INFINITY });
  }

  reset(): void {
    this.#routes = [];
  }

  answer(context: RouteContext): Answer {
    const { request } = context;
    const auth = request.headers.authorization;
    if (typeof auth !== "string" || auth.trim() === "") {
      return errorAnswer(
        401,
        "authentication_error",
        "not_authenticated",
        "Authentication credentials were not provided.",
      );
    }
    const armed = this.#find(request.method, request.path);
    if (armed === undefined) return errorAnswer(404, "invalid_request", "not_found", "Not found.");
    armed.remaining -= 1;
    const { answer } = armed.route;
    const scripted = typeof answer === "function" ? answer(request) : answer;
    return {
      status: scripted.status ?? 200,
      body: scripted.body,
      ...(scripted.headers === undefined ? {} : { headers: scripted.headers }),
    };
  }

  #find(method: string, path: string): ArmedRoute | undefined {
    for (let index = this.#routes.length - 1; index >= 0; index -= 1) {
      const armed = this.#routes[index];
      if (armed === undefined || armed.remaining <= 0) continue;
      const wanted = armed.route.method?.toUpperCase() ?? "*";
      if (wanted !== "*" && wanted !== method) continue;
      const pattern = armed.route.path;
      if (typeof pattern === "string") {
        if (pattern === path) return armed;
        continue;
      }
      pattern.lastIndex = 0;
      if (pattern.test(path)) return armed;
    }
    return undefined;
  }
}
