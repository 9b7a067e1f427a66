/**
 * What `system.shutdown()` reports: one entry per actor the system was tracking when the
 * shutdown began, saying how it ended and whether the system had to kill it at the deadline.
 */
import type { Identity } from "../ref/identity.ts";
import type { ActorResult } from "../result/actor-result.ts";
import type { SupervisionResult } from "../supervision/supervision-result.ts";

/**
 * How one tracked actor ended during a shutdown.
 *
 * - `"actor"`: a spawned actor ended, with its `ActorResult`.
 * - `"supervised"`: a supervision ended, with its `SupervisionResult`.
 * - `"hung"`: it was killed at the deadline and had still not ended when the kill grace passed
 *   (a handler or `onStop` that never settles); the shutdown did not wait for it any longer.
 *
 * `killed` says whether the system had to kill it because the shutdown deadline passed.
 *
 * @example
 * ```ts
 * for (const entry of await system.shutdown()) {
 *   if (entry.kind === "hung") log.error(`${entry.identity} did not stop`);
 *   else if (entry.killed) log.warn(`${entry.identity} was killed`);
 * }
 * ```
 */
export type ShutdownEntry =
  | {
      readonly kind: "actor";
      readonly identity: Identity;
      readonly killed: boolean;
      readonly result: ActorResult<unknown>;
    }
  | {
      readonly kind: "supervised";
      readonly identity: Identity;
      readonly killed: boolean;
      readonly result: SupervisionResult<unknown>;
    }
  | {
      readonly kind: "hung";
      readonly identity: Identity;
      readonly killed: true;
      /** Whether it was a supervision. */
      readonly supervised: boolean;
    };
