/**
 * {@link FlagDefinitions}: an immutable, compiled snapshot of `/flags/definitions`, and
 * {@link compileFlagDefinitions}, which builds it. A snapshot is made once per load and
 * then only read, so any number of evaluations can share it while the poller swaps in a
 * newer one: an evaluation sees one snapshot from start to end, never a half-updated mix.
 */
import { type CompileScope, compileCohorts, compileFlag } from "./compile.ts";
import type { CompiledFlag } from "./model.ts";
import type { FlagDefinitionsPayload, RawFlagDefinition } from "./types.ts";

/** What is known about one loaded flag without evaluating it. */
export interface FlagInfo {
  readonly key: string;
  readonly id: number | undefined;
  readonly active: boolean;
  /** Whether the flag is linked to an experiment (`undefined`: not reported). */
  readonly hasExperiment: boolean | undefined;
  /** Where the flag is meant to be evaluated. */
  readonly runtime: "all" | "client" | "server";
}

/** Options of {@link compileFlagDefinitions}. */
export interface CompileOptions {
  /**
   * Keep only flags with no evaluation contexts or one of these (posthog-node's
   * `evaluationContexts`). The others evaluate to `false` where a flag depends on them.
   */
  readonly evaluationContexts?: readonly string[];
  /** When the definitions were fetched (epoch ms), for `$feature_flag_definitions_loaded_at`. */
  readonly loadedAt?: number;
}

/**
 * A compiled, immutable set of flag definitions.
 *
 * @example
 * ```ts
 * const definitions = compileFlagDefinitions(await response.json());
 * definitions.has("beta"); // true
 * ```
 */
export class FlagDefinitions {
  /** @internal The compiled flags by key. */
  readonly flags: ReadonlyMap<string, CompiledFlag>;
  /** @internal Keys dropped by evaluation-context filtering. */
  readonly filteredOut: ReadonlySet<string>;
  /** Group type index (as a string) to group type name. */
  readonly groupTypeMapping: Readonly<Record<string, string>>;
  /** PostHog's gate for minimal `$feature_flag_called` events. */
  readonly minimalFlagCalledEvents: boolean;
  /** When these definitions were fetched, if known. */
  readonly loadedAt: number | undefined;

  /** @internal Use {@link compileFlagDefinitions}. */
  constructor(
    flags: ReadonlyMap<string, CompiledFlag>,
    filteredOut: ReadonlySet<string>,
    groupTypeMapping: Readonly<Record<string, string>>,
    minimalFlagCalledEvents: boolean,
    loadedAt: number | undefined,
  ) {
    this.flags = flags;
    this.filteredOut = filteredOut;
    this.groupTypeMapping = groupTypeMapping;
    this.minimalFlagCalledEvents = minimalFlagCalledEvents;
    this.loadedAt = loadedAt;
    Object.freeze(this);
  }

  /** The number of flags. */
  get size(): number {
    return this.flags.size;
  }

  /** The keys of the flags, in the order PostHog sent them. */
  keys(): string[] {
    return [...this.flags.keys()];
  }

  /**
   * Whether a flag is defined.
   *
   * @param key - The flag key.
   */
  has(key: string): boolean {
    return this.flags.has(key);
  }

  /**
   * What is known about a flag without evaluating it.
   *
   * @param key - The flag key.
   */
  info(key: string): FlagInfo | undefined {
    const flag = this.flags.get(key);
    if (flag === undefined) return undefined;
    return {
      key,
      id: flag.id,
      active: flag.active,
      hasExperiment: flag.hasExperiment,
      runtime: flag.runtime,
    };
  }
}

/** Definitions with no flags: what is known before the first load. */
export const EMPTY_DEFINITIONS = new FlagDefinitions(new Map(), new Set(), {}, false, undefined);

function keptByContexts(
  flag: RawFlagDefinition,
  contexts: ReadonlySet<string> | undefined,
): boolean {
  if (contexts === undefined) return true;
  const tags = flag.evaluation_contexts ?? flag.evaluation_tags;
  return !tags || tags.length === 0 || tags.some((tag) => contexts.has(tag));
}

/**
 * Compiles the body of `/flags/definitions` into an immutable snapshot. Never fails: a
 * part of a definition local evaluation cannot use makes that flag undecided (so it falls
 * back to PostHog), not the whole load.
 *
 * @param payload - The body of `/flags/definitions`.
 * @param options - Evaluation contexts to keep, and the load time.
 * @example
 * ```ts
 * const definitions = compileFlagDefinitions({
 *   flags: [{ key: "beta", active: true, filters: { groups: [{ rollout_percentage: 50 }] } }],
 * });
 * ```
 */
export function compileFlagDefinitions(
  payload: FlagDefinitionsPayload,
  options: CompileOptions = {},
): FlagDefinitions {
  const contexts =
    options.evaluationContexts && options.evaluationContexts.length > 0
      ? new Set(options.evaluationContexts)
      : undefined;
  const raw = new Map<string, RawFlagDefinition>();
  const all = new Set<string>();
  for (const flag of Array.isArray(payload.flags) ? payload.flags : []) {
    if (flag === null || typeof flag !== "object") continue;
    const key = String(flag.key);
    all.add(key);
    if (keptByContexts(flag, contexts)) {
      raw.delete(key);
      raw.set(key, flag);
    }
  }
  const filteredOut = new Set([...all].filter((key) => !raw.has(key)));
  const groupTypeMapping = { ...(payload.group_type_mapping ?? {}) };
  const scope: CompileScope = {
    raw,
    filteredOut,
    groupTypeMapping,
    rawCohorts: payload.cohorts ?? {},
    cohorts: new Map(),
    matchingVersion: payload.property_matching_version ?? undefined,
  };
  compileCohorts(scope);
  const flags = new Map<string, CompiledFlag>();
  for (const [key, flag] of raw) flags.set(key, compileFlag(flag, scope));
  return new FlagDefinitions(
    flags,
    filteredOut,
    Object.freeze(groupTypeMapping),
    payload.minimal_flag_called_events === true,
    options.loadedAt,
  );
}
