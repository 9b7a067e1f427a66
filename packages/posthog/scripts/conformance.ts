/**
 * `pnpm conformance`: runs PostHog's SDK compliance harness against our adapter
 * (`packages/posthog/conformance/`) for the server SDK type, and prints one summary.
 *
 * The harness cannot tell an adapter which capture protocol or which compression a test
 * expects, so — as PostHog's own SDKs do — the adapter serves one protocol and one codec per
 * run, and this script runs the harness several times: the `/batch/` protocol with
 * `capture`, `capture_ai` and `feature_flags`; then `capture_v1` once per codec (gzip,
 * deflate, br, and zstd where the adapter's Node has it). Results are merged per test: a test
 * passes when it passed in a run and failed in none; it is skipped when no run could run it.
 * Exit status: 0 when every test passed and none was skipped (except the zstd test on a Node
 * without zstd), 1 otherwise, 2 when the harness could not run.
 *
 * Environment:
 * - `POSTHOG_HARNESS_DIR`: the harness (default `../shared/posthog-sdk-test-harness` beside
 *   the repository); its runner is `POSTHOG_HARNESS_RUNNER` (default
 *   `<harness>/../tools/posthog-harness/run.sh`).
 * - `POSTHOG_CONFORMANCE_NODE`: the command that runs the adapter's Node, e.g.
 *   `npx -y -p node@24 node` (default: this Node).
 * - `POSTHOG_CONFORMANCE_CONCURRENCY`: tests run at once (default 8).
 * - `POSTHOG_CONFORMANCE_RUNS`: a comma list of runs to do (`v0,v1-gzip,…`; default all).
 * - `POSTHOG_CONFORMANCE_OUT`: where the reports go (default a new temporary folder).
 * - `PYTHON`: the Python with flask, aiohttp, click and yaml (default `/usr/bin/python3`).
 */

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface Run {
  readonly name: string;
  readonly suites: string;
  readonly mode: "v0" | "v1";
  readonly codec: "gzip" | "deflate" | "br" | "zstd";
}

interface TestReport {
  readonly name: string;
  readonly passed: boolean;
  readonly message?: string | null;
}

type Verdict = { passed: boolean; runs: string[]; message?: string };

const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REPO_DIR = resolve(PACKAGE_DIR, "../..");
const ADAPTER = join(PACKAGE_DIR, "conformance", "main.ts");
const SUITES = ["capture", "capture_ai", "capture_v1", "feature_flags"] as const;
const ZSTD_TEST = "capture_v1/compression.sends_zstd_content_encoding";

function fail(message: string, status = 2): never {
  process.stderr.write(`conformance: ${message}\n`);
  process.exit(status);
}

function locateHarness(): { harness: string; runner: string } {
  const given = process.env.POSTHOG_HARNESS_DIR;
  const harness = resolve(given ?? join(REPO_DIR, "..", "shared", "posthog-sdk-test-harness"));
  if (!existsSync(join(harness, "CONTRACT.yaml"))) {
    fail(
      given === undefined
        ? `PostHog's SDK test harness is not at ${harness}. Set POSTHOG_HARNESS_DIR to a checkout of https://github.com/PostHog/posthog-sdk-test-harness.`
        : `POSTHOG_HARNESS_DIR=${given} has no CONTRACT.yaml: it is not PostHog's SDK test harness.`,
    );
  }
  const runner = resolve(
    process.env.POSTHOG_HARNESS_RUNNER ?? join(harness, "..", "tools", "posthog-harness", "run.sh"),
  );
  if (!existsSync(runner)) {
    fail(
      `the loopback runner run.sh is not at ${runner}. Set POSTHOG_HARNESS_RUNNER to shared/tools/posthog-harness/run.sh.`,
    );
  }
  return { harness, runner };
}

function checkPython(): void {
  const python = process.env.PYTHON ?? "/usr/bin/python3";
  try {
    execFileSync(python, ["-c", "import flask, aiohttp, click, yaml"], { stdio: "ignore" });
  } catch {
    fail(
      `${python} cannot import flask, aiohttp, click and yaml, which the harness needs. On Debian: apt-get update && apt-get install -y python3-flask python3-aiohttp python3-click python3-yaml (or set PYTHON).`,
    );
  }
}

function adapterNode(): string[] {
  const command = (process.env.POSTHOG_CONFORMANCE_NODE ?? process.execPath).trim();
  return command.split(/\s+/);
}

function nodeHasZstd(node: string[]): boolean {
  const [command = process.execPath, ...args] = node;
  try {
    const out = execFileSync(
      command,
      [...args, "-e", "process.stdout.write(String(typeof require('node:zlib').zstdCompressSync))"],
      { cwd: REPO_DIR, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
    return out.trim() === "function";
  } catch {
    return false;
  }
}

function plannedRuns(zstd: boolean): Run[] {
  const runs: Run[] = [
    { name: "v0", suites: "capture capture_ai feature_flags", mode: "v0", codec: "gzip" },
    { name: "v1-gzip", suites: "capture_v1", mode: "v1", codec: "gzip" },
    { name: "v1-deflate", suites: "capture_v1", mode: "v1", codec: "deflate" },
    { name: "v1-br", suites: "capture_v1", mode: "v1", codec: "br" },
  ];
  if (zstd) runs.push({ name: "v1-zstd", suites: "capture_v1", mode: "v1", codec: "zstd" });
  const only = process.env.POSTHOG_CONFORMANCE_RUNS;
  if (only === undefined || only.trim() === "") return runs;
  const wanted = new Set(only.split(",").map((name) => name.trim()));
  return runs.filter((run) => wanted.has(run.name));
}

function runHarness(runner: string, harness: string, run: Run, outDir: string): Promise<number> {
  const concurrency = process.env.POSTHOG_CONFORMANCE_CONCURRENCY ?? "8";
  const args = [
    "--suites",
    run.suites,
    "--sdk-type",
    "server",
    "--concurrency",
    concurrency,
    "--out",
    outDir,
    "--",
    ...adapterNode(),
    "--import",
    "tsx",
    ADAPTER,
  ];
  process.stdout.write(`\n=== run ${run.name}: suites [${run.suites}], codec ${run.codec} ===\n`);
  return new Promise((resolvePromise) => {
    const child = spawn(runner, args, {
      cwd: REPO_DIR,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        HARNESS_DIR: harness,
        POSTHOG_CONFORMANCE_MODE: run.mode,
        POSTHOG_CONFORMANCE_COMPRESSION: run.codec,
      },
    });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    process.once("SIGINT", forward);
    process.once("SIGTERM", forward);
    child.on("close", (code) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolvePromise(code ?? 2);
    });
  });
}

function readReport(outDir: string): { suite: string; test: TestReport }[] {
  const path = join(outDir, "report.json");
  if (!existsSync(path)) return [];
  const report = JSON.parse(readFileSync(path, "utf8")) as {
    suites: { name: string; tests: TestReport[] }[];
  };
  return report.suites.flatMap((suite) => suite.tests.map((test) => ({ suite: suite.name, test })));
}

function applicableTests(harness: string): Map<string, string[]> {
  const python = process.env.PYTHON ?? "/usr/bin/python3";
  const script = `
import json
from posthog_test_harness.contract import ContractExecutor
suites = ContractExecutor("CONTRACT.yaml").get_test_suites()
out = {}
for name, suite in suites.items():
    out[name] = [f"{c}.{t['name']}" for c, cd in suite.get("categories", {}).items()
                 for t in cd.get("tests", []) if not t.get("sdk_types") or "server" in t["sdk_types"]]
print(json.dumps(out))
`;
  const text = execFileSync(python, ["-c", script], {
    cwd: harness,
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: join(harness, "src"), PYTHONDONTWRITEBYTECODE: "1" },
  });
  return new Map(Object.entries(JSON.parse(text) as Record<string, string[]>));
}

async function main(): Promise<void> {
  const { harness, runner } = locateHarness();
  checkPython();
  const node = adapterNode();
  const zstd = nodeHasZstd(node);
  const runs = plannedRuns(zstd);
  if (runs.length === 0) fail("POSTHOG_CONFORMANCE_RUNS selects no run");
  const outRoot =
    process.env.POSTHOG_CONFORMANCE_OUT ?? mkdtempSync(join(tmpdir(), "posthog-conformance-"));
  const verdicts = new Map<string, Verdict>();
  const brokenRuns: string[] = [];
  for (const run of runs) {
    const outDir = join(outRoot, run.name);
    const status = await runHarness(runner, harness, run, outDir);
    const results = readReport(outDir);
    if (status === 2 || results.length === 0) brokenRuns.push(`${run.name} (exit ${status})`);
    for (const { suite, test } of results) {
      const key = `${suite}/${test.name}`;
      const verdict = verdicts.get(key) ?? { passed: true, runs: [] };
      verdict.runs.push(run.name);
      if (!test.passed) {
        verdict.passed = false;
        verdict.message = `[${run.name}] ${test.message ?? "failed"}`;
      }
      verdicts.set(key, verdict);
    }
  }

  const applicable = applicableTests(harness);
  const ranSuites = new Set(runs.flatMap((run) => run.suites.split(" ")));
  const summary: string[] = [];
  const lines: string[] = [];
  let failed = 0;
  let blockingSkips = 0;
  for (const suite of SUITES) {
    if (!ranSuites.has(suite)) continue;
    const tests = applicable.get(suite) ?? [];
    let passed = 0;
    const skipped: string[] = [];
    for (const name of tests) {
      const key = `${suite}/${name}`;
      const verdict = verdicts.get(key);
      if (verdict === undefined) {
        skipped.push(key);
        if (!(key === ZSTD_TEST && !zstd)) blockingSkips += 1;
      } else if (verdict.passed) {
        passed += 1;
      } else {
        failed += 1;
        lines.push(`  FAILED  ${key}: ${verdict.message}`);
      }
    }
    for (const key of skipped) {
      const excused = key === ZSTD_TEST && !zstd ? " (this Node has no zstd: allowed)" : "";
      lines.push(`  SKIPPED ${key}${excused}`);
    }
    const skipNote = skipped.length > 0 ? `, ${skipped.length} skipped` : "";
    summary.push(`  ${suite}: ${passed}/${tests.length} passed${skipNote}`);
  }
  process.stdout.write(`\n=== PostHog SDK compliance (server) — reports in ${outRoot} ===\n`);
  process.stdout.write(`${[...summary, ...lines].join("\n")}\n`);
  for (const broken of brokenRuns) process.stdout.write(`  RUN FAILED ${broken}\n`);
  const ok = failed === 0 && blockingSkips === 0 && brokenRuns.length === 0;
  process.stdout.write(
    `conformance: ${ok ? "PASS" : "FAIL"} (${failed} failed, ${blockingSkips} skipped that must run, ${brokenRuns.length} broken runs)\n`,
  );
  process.exit(ok ? 0 : brokenRuns.length > 0 && failed === 0 ? 2 : 1);
}

void main();
