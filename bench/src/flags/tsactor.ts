/**
 * tsActor's local flag evaluation. The evaluator of `packages/posthog/src/flags/` is not in
 * the package's public barrel yet, so it is loaded from its source files by URL (a
 * specifier the type checker does not follow, so that a rename there never breaks this
 * package's build) and its shape is checked at run time; a mismatch is an n/a with the
 * reason. Timed: building the evaluation context and evaluating every flag, synchronously.
 */
import type { Figures } from "../types.ts";
import { localEvaluationBody, PERSON } from "./definitions.ts";

type Fn = (...args: unknown[]) => unknown;

const FLAGS_DIR = new URL("../../../packages/posthog/src/flags/", import.meta.url);

async function exportOf(file: string, name: string): Promise<Fn | string> {
  try {
    const module = (await import(new URL(file, FLAGS_DIR).href)) as Record<string, unknown>;
    const value = module[name];
    return typeof value === "function"
      ? (value as Fn)
      : `packages/posthog/src/flags/${file} exports no ${name}`;
  } catch {
    return `no packages/posthog/src/flags/${file} yet`;
  }
}

function sizeOf(value: unknown): number | undefined {
  return value instanceof Map ? value.size : undefined;
}

/** µs per evaluation of all `flags` flags for one person, or why it cannot be measured. */
export async function tsactorFlags(flags: number, iterations: number): Promise<Figures | string> {
  const compile = await exportOf("definitions.ts", "compileFlagDefinitions");
  const context = await exportOf("evaluate.ts", "createEvaluationContext");
  const evaluate = await exportOf("evaluate.ts", "evaluateFlags");
  if (typeof compile === "string") return compile;
  if (typeof context === "string") return context;
  if (typeof evaluate === "string") return evaluate;
  const definitions = compile(localEvaluationBody(flags));
  const input = { personProperties: PERSON.properties };
  const once = (): unknown => evaluate(definitions, context(PERSON.distinctId, input));
  const first = once() as { values?: unknown; inconclusive?: unknown };
  const decided = sizeOf(first.values);
  if (decided !== flags) {
    return `the evaluator decided ${decided ?? "?"} of ${flags} flags (${sizeOf(first.inconclusive) ?? "?"} inconclusive)`;
  }
  for (let i = 0; i < Math.floor(iterations / 10); i++) once();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) once();
  const elapsed = performance.now() - start;
  return { usPerEval: (elapsed * 1000) / iterations };
}
