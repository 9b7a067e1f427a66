/**
 * Every request-body codec the actor accepts, on both capture protocols, against the test
 * server (which decodes each `Content-Encoding`): the header names the codec, the server
 * reads the events, and `"none"` sends the JSON as it is. zstd runs only where `node:zlib`
 * has it (Node 22.15+); elsewhere the option is refused at creation, naming it.
 */
import { describe, expect, it } from "vitest";
import { isCompressionSupported } from "../../src/client/compression.ts";
import { type CaptureMode, type Compression, createPostHog } from "../../src/index.ts";
import { sharedTestServer } from "../support/test-server.ts";

const server = await sharedTestServer();

const CODECS = ["gzip", "deflate", "br", "zstd"] as const;
const MODES: readonly [CaptureMode, "capture" | "capture-v1"][] = [
  ["v0", "capture"],
  ["v1", "capture-v1"],
];

describe("request compression", () => {
  for (const [mode, route] of MODES) {
    for (const codec of CODECS) {
      it.skipIf(!isCompressionSupported(codec))(
        `sends ${codec} bodies PostHog can read in ${mode} mode`,
        async () => {
          const posthog = createPostHog({
            apiKey: "phc_codecs",
            host: server.url,
            captureMode: mode,
            compression: codec,
          });
          const uuid = posthog
            .capture({
              distinctId: "u1",
              event: "compressed",
              properties: { text: "x".repeat(2_000) },
            })
            .getOrThrow();
          expect(await posthog.flush()).toMatchObject({ delivered: 1 });
          const [request] = server.requestsTo(route);
          expect(request?.headers["content-encoding"]).toBe(codec);
          expect(request?.bodyBytes).toBeLessThan(2_000);
          expect(server.events[0]).toMatchObject({ uuid, properties: { text: "x".repeat(2_000) } });
          await posthog.shutdown(1_000);
        },
      );
    }

    it(`sends plain JSON without Content-Encoding when compression is "none" (${mode})`, async () => {
      const posthog = createPostHog({
        apiKey: "phc_codecs",
        host: server.url,
        captureMode: mode,
        compression: "none",
      });
      posthog.capture({ distinctId: "u1", event: "plain" });
      await posthog.flush();
      const [request] = server.requestsTo(route);
      expect(request?.headers["content-encoding"]).toBeUndefined();
      expect(JSON.parse(request?.rawBody.toString("utf8") ?? "")).toHaveProperty("batch");
      await posthog.shutdown(1_000);
    });
  }

  it.skipIf(isCompressionSupported("zstd"))(
    "refuses zstd at creation on a Node without it, naming the option",
    () => {
      const compression: Compression = "zstd";
      expect(() => createPostHog({ apiKey: "phc_codecs", host: server.url, compression })).toThrow(
        expect.objectContaining({ kind: "invalid-options", option: "compression" }),
      );
    },
  );
});
