/**
 * The fault book: the armed {@link FaultPlan}s and the choice of the fault for each
 * request. Outages win (while their window lasts); then sequences and `always` plans in the
 * order they were set; a sequence advances by one step per matching request. The server
 * applies the chosen {@link Fault}; this module only decides.
 */

import type { Fault, FaultPlan, FaultStep, RetryAfter, RouteSelector } from "./fault-types.ts";
import type { RouteKind } from "./types.ts";

/** What the book needs to know about a request. @internal */
export interface FaultTarget {
  readonly method: string;
  readonly path: string;
  readonly route: RouteKind;
}

type ArmedPlan =
  | { readonly kind: "sequence"; readonly route: RouteSelector; readonly steps: FaultStep[] }
  | { readonly kind: "always"; readonly route: RouteSelector; readonly fault: Fault }
  | {
      readonly kind: "outage";
      readonly route: RouteSelector;
      readonly fault: Fault;
      readonly endsAt: number;
    };

const INGESTION: ReadonlySet<RouteKind> = new Set(["capture", "capture-ai", "capture-v1"]);
const ROUTE_KINDS: ReadonlySet<string> = new Set<RouteKind>([
  "capture",
  "capture-ai",
  "capture-v1",
  "flags",
  "flag-definitions",
  "private-api",
  "control",
  "unknown",
]);

/**
 * Holds the armed fault plans and picks the fault for each request.
 *
 * @example
 * ```ts
 * const book = new FaultBook();
 * book.set([{ kind: "sequence", steps: [503, 200] }]);
 * book.take({ method: "POST", path: "/batch/", route: "capture" }); // { kind: "status", status: 503 }
 * ```
 * @internal
 */
export class FaultBook {
  #plans: ArmedPlan[] = [];
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Replaces every armed plan. */
  set(plans: FaultPlan | readonly FaultPlan[]): void {
    this.#plans = [];
    this.add(plans);
  }

  /** Arms more plans after the current ones. */
  add(plans: FaultPlan | readonly FaultPlan[]): void {
    const list: readonly FaultPlan[] = isPlanList(plans) ? plans : [plans];
    for (const plan of list) this.#plans.push(this.#arm(plan));
  }

  clear(): void {
    this.#plans = [];
  }

  /** Whether any plan is still armed (a used-up sequence or an ended outage is not). */
  get armed(): boolean {
    this.#prune();
    return this.#plans.length > 0;
  }

  /** The fault for this request, consuming a sequence step; `undefined` means `pass`. */
  take(target: FaultTarget): Fault | undefined {
    this.#prune();
    const outage = this.#plans.find(
      (plan) => plan.kind === "outage" && matchesRoute(plan.route, target),
    );
    if (outage?.kind === "outage") return outage.fault;
    for (const plan of this.#plans) {
      if (plan.kind === "outage" || !matchesRoute(plan.route, target)) continue;
      if (plan.kind === "always") return plan.fault;
      const step = plan.steps.shift();
      if (step !== undefined) return toFault(step);
    }
    return undefined;
  }

  #arm(plan: FaultPlan): ArmedPlan {
    const route = plan.route ?? "ingestion";
    switch (plan.kind) {
      case "sequence":
        return { kind: "sequence", route, steps: [...plan.steps] };
      case "always":
        return { kind: "always", route, fault: toFault(plan.fault) };
      case "outage": {
        const endsAt =
          plan.durationMs === undefined ? Number.POSITIVE_INFINITY : this.#now() + plan.durationMs;
        const fault: Fault =
          plan.retryAfter === undefined
            ? { kind: "status", status: plan.status ?? 503 }
            : { kind: "status", status: plan.status ?? 503, retryAfter: plan.retryAfter };
        return { kind: "outage", route, fault, endsAt };
      }
    }
  }

  #prune(): void {
    const now = this.#now();
    this.#plans = this.#plans.filter((plan) =>
      plan.kind === "outage"
        ? plan.endsAt > now
        : plan.kind !== "sequence" || plan.steps.length > 0,
    );
  }
}

/**
 * Turns a step into a fault: `200` is `pass`, another number a `status` fault.
 *
 * @example
 * ```ts
 * toFault(503); // { kind: "status", status: 503 }
 * ```
 * @internal
 */
export function toFault(step: FaultStep): Fault {
  if (typeof step !== "number") return step;
  return step === 200 ? { kind: "pass" } : { kind: "status", status: step };
}

/**
 * Whether a request matches a {@link RouteSelector}.
 *
 * @example
 * ```ts
 * matchesRoute("ingestion", { method: "POST", path: "/batch/", route: "capture" }); // true
 * ```
 * @internal
 */
export function matchesRoute(selector: RouteSelector, target: FaultTarget): boolean {
  if (selector instanceof RegExp) {
    selector.lastIndex = 0;
    return selector.test(target.path);
  }
  if (typeof selector === "string") {
    if (selector === "any") return target.route !== "control";
    if (selector === "ingestion") return INGESTION.has(target.route);
    if (ROUTE_KINDS.has(selector)) return selector === target.route;
    return trimSlash(selector) === trimSlash(target.path);
  }
  if (selector.method !== undefined && selector.method.toUpperCase() !== target.method) {
    return false;
  }
  if (selector.route !== undefined && selector.route !== target.route) return false;
  if (selector.path !== undefined) return matchesRoute(selector.path, target);
  return target.route !== "control";
}

/**
 * Formats a `Retry-After` value: whole seconds, or an HTTP date.
 *
 * @example
 * ```ts
 * formatRetryAfter(2); // "2"
 * ```
 * @internal
 */
export function formatRetryAfter(value: RetryAfter): string {
  return value instanceof Date ? value.toUTCString() : String(Math.max(0, Math.ceil(value)));
}

function isPlanList(plans: FaultPlan | readonly FaultPlan[]): plans is readonly FaultPlan[] {
  return Array.isArray(plans);
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}
