/**
 * A realistic stream of product analytics for the demo: visitors browse pages, some sign
 * up (identify, alias from their anonymous id, a company group), and some buy. Each call
 * of {@link nextEvents} yields the next few calls to make on the client, deterministic for
 * a given seed so that runs are comparable.
 */
import type { PostHog } from "@tsactor/posthog";
import type { Result } from "typescript-result";

const PAGES = ["/", "/pricing", "/docs", "/blog/actors", "/changelog", "/signup", "/checkout"];
const PLANS = ["free", "pro", "enterprise"] as const;
const COMPANIES = ["acme", "globex", "initech", "umbrella", "hooli"];

/** A pseudo-random generator (mulberry32), so the stream is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Sends a stream of realistic events through a client, a few at a time. */
export class Traffic {
  readonly #posthog: PostHog;
  readonly #next: () => number;
  #visitor = 0;

  /**
   * @param posthog - Where to capture.
   * @param seed - Seed of the stream.
   */
  constructor(posthog: PostHog, seed = 7) {
    this.#posthog = posthog;
    this.#next = random(seed);
  }

  /**
   * Captures the next `count` actions of the stream.
   *
   * @param count - How many calls to make.
   * @returns The outcome of each call (the uuid, or why it was refused).
   */
  send(count: number): Result<string, Error>[] {
    const results: Result<string, Error>[] = [];
    for (let i = 0; i < count; i++) results.push(this.#one());
    return results;
  }

  #one(): Result<string, Error> {
    const roll = this.#next();
    const visitor = Math.floor(this.#next() * 400);
    const anonymous = `anon-${visitor}`;
    const user = `user-${visitor}`;
    const page = PAGES[Math.floor(this.#next() * PAGES.length)] ?? "/";
    if (roll < 0.8) {
      return this.#posthog.capture({
        distinctId: anonymous,
        event: "$pageview",
        properties: {
          $current_url: `https://shop.example.com${page}`,
          $pathname: page,
          visit: this.#visitor++,
        },
      });
    }
    if (roll < 0.88) {
      return this.#posthog.identify({
        distinctId: user,
        properties: { $set: { email: `${user}@example.com` }, $set_once: { first_seen: page } },
      });
    }
    if (roll < 0.91) return this.#posthog.alias({ distinctId: user, alias: anonymous });
    if (roll < 0.93) {
      const company = COMPANIES[visitor % COMPANIES.length] ?? "acme";
      return this.#posthog.groupIdentify({
        groupType: "company",
        groupKey: company,
        properties: { name: company.toUpperCase(), seats: 5 + (visitor % 50) },
      });
    }
    const plan = PLANS[Math.floor(this.#next() * PLANS.length)] ?? "free";
    return this.#posthog.capture({
      distinctId: user,
      event: "order_placed",
      properties: { plan, amount: Math.round(this.#next() * 20_000) / 100, currency: "EUR" },
      groups: { company: COMPANIES[visitor % COMPANIES.length] ?? "acme" },
    });
  }
}
