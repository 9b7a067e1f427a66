/**
 * The jobs a worker process can run, as the runner passes them on the command line (JSON).
 * One job is one measurement of one implementation in a fresh process.
 */
import type { ActorImplName } from "./actors/registry.ts";

/** The actor-runtime workloads. */
export type ActorWorkload = "tell" | "ask" | "spawn" | "fan-in";

/** Supervision workloads: tell through a supervisor's ref, and restart latency. */
export type SupervisionWorkload = "sup-tell" | "restart";

/** Who runs a supervision workload. */
export type SupervisionImpl = "tsactor-sup" | "tsactor-plain" | "nact";

/** Who evaluates feature flags locally. */
export type FlagsImpl = "tsactor" | "posthog-node";

/** The PostHog client workloads. */
export type PosthogWorkload = "capture" | "burst" | "outage" | "unreachable";

/** The PostHog clients, with the option sets they run under ("none": a do-nothing client). */
export type PosthogClientName = "tsactor" | "posthog-node" | "posthog-node-nodrop" | "none";

/** One measurement. */
export type Job =
  | {
      readonly kind: "actor";
      readonly workload: ActorWorkload;
      readonly impl: ActorImplName;
      readonly n: number;
      readonly senders: number;
      readonly capacity: number;
    }
  | {
      readonly kind: "supervision";
      readonly workload: SupervisionWorkload;
      readonly impl: SupervisionImpl;
      readonly n: number;
    }
  | {
      readonly kind: "flags";
      readonly impl: FlagsImpl;
      readonly flags: number;
      readonly iterations: number;
    }
  | {
      readonly kind: "posthog";
      readonly workload: PosthogWorkload;
      readonly client: PosthogClientName;
      readonly n: number;
      readonly ingestUrl: string;
      readonly controlUrl: string;
      readonly outageMs: number;
      readonly captureOverMs: number;
    };
