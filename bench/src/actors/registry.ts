/**
 * The actor implementations by name. Each is imported only in the worker that measures it,
 * so that one library's load time or a missing API never touches another's figures.
 */
import type { ImplLoad } from "./types.ts";

/** Names of the actor implementations, ours first. */
export const ACTOR_IMPLS = ["tsactor", "baseline", "xstate", "nact", "effect"] as const;

/** One of {@link ACTOR_IMPLS}. */
export type ActorImplName = (typeof ACTOR_IMPLS)[number];

/** Loads one implementation by name. */
export async function loadImpl(name: ActorImplName): Promise<ImplLoad> {
  switch (name) {
    case "tsactor":
      return (await import("./tsactor.ts")).load();
    case "baseline":
      return { ok: true, impl: (await import("./baseline.ts")).baseline };
    case "xstate":
      return { ok: true, impl: (await import("./xstate.ts")).xstate };
    case "nact":
      return { ok: true, impl: (await import("./nact.ts")).nact };
    case "effect":
      return { ok: true, impl: (await import("./effect.ts")).effect };
  }
}
