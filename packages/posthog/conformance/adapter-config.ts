/**
 * How one run of the conformance adapter is set up, from its environment. PostHog's harness
 * cannot tell an adapter which capture protocol or which compression a test expects, so —
 * as PostHog's own SDKs do — each run of the adapter serves one protocol
 * (`POSTHOG_CONFORMANCE_MODE`: `v0`, the `/batch/` route, or `v1`) and one codec for
 * `enable_compression: true` (`POSTHOG_CONFORMANCE_COMPRESSION`: `gzip`, `deflate`, `br` or
 * `zstd`), and declares the capabilities that match. zstd is declared only when this Node's
 * `node:zlib` has it (22.15 and later).
 */
import * as zlib from "node:zlib";

/** The capture protocol of a run. */
export type CaptureMode = "v0" | "v1";

/** A codec the SDK can compress request bodies with. */
export type Codec = "gzip" | "deflate" | "br" | "zstd";

/** The setup of one adapter run. */
export interface AdapterConfig {
  readonly host: string;
  readonly port: number;
  readonly mode: CaptureMode;
  /** The codec used when the harness enables compression. */
  readonly codec: Codec;
  /** Stop an instance after this long without a call, in ms. */
  readonly idleMs: number;
}

const CODECS: readonly Codec[] = ["gzip", "deflate", "br", "zstd"];

/** Whether this Node can compress with zstd. */
export function hasZstd(): boolean {
  return typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === "function";
}

/**
 * Reads the adapter's setup.
 *
 * @param env - The environment (`PORT`, `HOST`, `POSTHOG_CONFORMANCE_MODE`,
 *   `POSTHOG_CONFORMANCE_COMPRESSION`, `POSTHOG_CONFORMANCE_IDLE_MS`).
 * @returns The setup, or a message saying what is wrong.
 */
export function readConfig(env: NodeJS.ProcessEnv): AdapterConfig | string {
  const port = Number(env.PORT ?? "8080");
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return `bad PORT: ${env.PORT}`;
  const mode = env.POSTHOG_CONFORMANCE_MODE ?? "v0";
  if (mode !== "v0" && mode !== "v1")
    return `POSTHOG_CONFORMANCE_MODE must be v0 or v1, got ${mode}`;
  const codec = (env.POSTHOG_CONFORMANCE_COMPRESSION ?? "gzip") as Codec;
  if (!CODECS.includes(codec)) {
    return `POSTHOG_CONFORMANCE_COMPRESSION must be one of ${CODECS.join(", ")}, got ${codec}`;
  }
  if (codec === "zstd" && !hasZstd())
    return `this Node (${process.version}) has no zstd in node:zlib`;
  const idleMs = Number(env.POSTHOG_CONFORMANCE_IDLE_MS ?? "120000");
  return { host: env.HOST ?? "127.0.0.1", port, mode, codec, idleMs };
}

/**
 * The capabilities the adapter declares in `/health` for a setup.
 *
 * @param config - The run's setup.
 */
export function capabilities(config: AdapterConfig): string[] {
  const protocol = config.mode === "v1" ? ["capture_v1"] : ["capture_v0", "capture_ai_v0"];
  return [...protocol, `encoding_${config.codec}`];
}
