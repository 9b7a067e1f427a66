import { describe, expect, it } from "vitest";
import { CAPTURE_DEFAULTS, resolveActorOptions } from "../../src/capture/options.ts";
import { isCompressionSupported } from "../../src/client/compression.ts";

describe("resolveActorOptions", () => {
  it("fills the contract's defaults", () => {
    expect(resolveActorOptions({ apiKey: "phc_x" }).value).toEqual(CAPTURE_DEFAULTS);
    expect(CAPTURE_DEFAULTS).toMatchObject({
      flushAt: 100,
      flushIntervalMs: 5_000,
      maxBatchSize: 1_000,
      maxBatchBytes: 5 * 1024 * 1024,
      maxQueueBytes: 64 * 1024 * 1024,
      maxInFlight: 2,
      requestTimeoutMs: 10_000,
      shutdownTimeoutMs: 30_000,
      compression: "gzip",
      retryProbeMs: 1_000,
      parkedRetryMs: 30_000,
    });
  });

  it.each([
    [{ flushAt: 0 }, "flushAt", /integer from 1/],
    [{ flushAt: 1.5 }, "flushAt", /got 1.5/],
    [{ maxBatchBytes: 30 * 1024 * 1024 }, "maxBatchBytes", /to 20971520/],
    [{ maxInFlight: Number.NaN }, "maxInFlight", /got NaN/],
    [{ shutdownTimeoutMs: -1 }, "shutdownTimeoutMs", /from 0/],
    [{ flushIntervalMs: "5s" }, "flushIntervalMs", /got "5s"/],
    [{ disabled: "yes" }, "disabled", /boolean/],
    [{ compression: "lz4" }, "compression", /"gzip", "deflate", "br", "zstd" or "none"/],
    [{ captureMode: "v2" }, "captureMode", /"v0" or "v1", got "v2"/],
    [{ beforeSend: 1 }, "beforeSend", /function/],
  ])("refuses %j naming %s", (bad, option, message) => {
    const result = resolveActorOptions({ apiKey: "phc_x", ...(bad as object) });
    expect(result.error).toMatchObject({ kind: "invalid-options", option });
    expect(result.error?.message).toMatch(message);
  });

  it("accepts every codec this Node can produce, and refuses zstd where node:zlib lacks it", () => {
    for (const compression of ["none", "gzip", "deflate", "br"] as const) {
      expect(resolveActorOptions({ apiKey: "phc_x", compression }).value?.compression).toBe(
        compression,
      );
    }
    const zstd = resolveActorOptions({ apiKey: "phc_x", compression: "zstd" });
    if (isCompressionSupported("zstd")) expect(zstd.value?.compression).toBe("zstd");
    else expect(zstd.error?.message).toMatch(/"zstd" is not supported by this Node/);
  });

  it("takes the capture mode, v0 by default", () => {
    expect(resolveActorOptions({ apiKey: "phc_x" }).value?.captureMode).toBe("v0");
    expect(resolveActorOptions({ apiKey: "phc_x", captureMode: "v1" }).value?.captureMode).toBe(
      "v1",
    );
  });

  it("requires an apiKey unless a client or a transport is given", () => {
    expect(resolveActorOptions({}).error?.option).toBe("apiKey");
    expect(resolveActorOptions({ transport: async () => ({}) as never }).ok).toBe(true);
  });
});
