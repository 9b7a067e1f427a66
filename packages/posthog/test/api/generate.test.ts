import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { committedSchemaPath, committedTypesPath, main } from "../../scripts/generate-api.ts";
import { startRawServer } from "../client/support.ts";

describe("pnpm generate", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tsactor-generate-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("regenerates exactly the committed types from the committed schema", async () => {
    const out = join(dir, "schema.ts");
    expect(await main(["--out", out])).toBe(0);
    const [generated, committed] = await Promise.all([
      readFile(out, "utf8"),
      readFile(committedTypesPath, "utf8"),
    ]);
    expect(generated.length).toBeGreaterThan(100_000);
    expect(generated === committed).toBe(true);
  });

  it("finds the committed types up to date with --check", async () => {
    expect(await main(["--check"])).toBe(0);
  });

  it("reads a live instance's /api/schema/ as JSON, with the personal key from the environment", async () => {
    const schema = await readFile(committedSchemaPath, "utf8");
    const seen: { url?: string | undefined; authorization?: string | undefined } = {};
    const raw = await startRawServer((request, response) => {
      seen.url = request.url;
      seen.authorization = request.headers.authorization;
      response.writeHead(200, { "content-type": "application/json" }).end(schema);
    });
    const previous = process.env.POSTHOG_PERSONAL_API_KEY;
    process.env.POSTHOG_PERSONAL_API_KEY = "phx_generate";
    try {
      const out = join(dir, "live.ts");
      expect(await main([`${raw.url}/api/schema/`, "--out", out])).toBe(0);
      expect(seen).toEqual({
        url: "/api/schema/?format=json",
        authorization: "Bearer phx_generate",
      });
      expect((await readFile(out, "utf8")) === (await readFile(committedTypesPath, "utf8"))).toBe(
        true,
      );
    } finally {
      if (previous === undefined) delete process.env.POSTHOG_PERSONAL_API_KEY;
      else process.env.POSTHOG_PERSONAL_API_KEY = previous;
      await raw.close();
    }
  });
});
