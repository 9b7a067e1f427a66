import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { post, read } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const ask = (body: Record<string, unknown>, query = "?v=2") =>
  post(`${server.url}/flags/${query}`, { token: "phc_test", distinct_id: "user-1", ...body });

describe("POST /flags", () => {
  it("answers scripted flags in the v2 shape", async () => {
    server.setFlags({
      flags: {
        beta: true,
        off: false,
        checkout: "test",
        banner: { variant: "b", payload: { color: "blue" }, id: 7 },
      },
    });
    const answer = await ask({});
    expect(answer.status).toBe(200);
    const body = answer.json as { flags: Record<string, unknown>; requestId: string };
    expect(body).toMatchObject({ errorsWhileComputingFlags: false });
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.flags.beta).toEqual({
      key: "beta",
      enabled: true,
      variant: null,
      reason: {
        code: "condition_match",
        condition_index: 0,
        description: "Matched condition set 1",
      },
      metadata: { id: 1, version: 1, description: null },
    });
    expect(body.flags.off).toMatchObject({
      enabled: false,
      reason: { code: "no_condition_match" },
    });
    expect(body.flags.checkout).toMatchObject({ enabled: true, variant: "test" });
    expect(body.flags.banner).toMatchObject({
      enabled: true,
      variant: "b",
      metadata: { id: 7, payload: '{"color":"blue"}' },
    });
  });

  it("answers the v1 shape without v=2", async () => {
    server.setFlags({
      flags: { beta: true, checkout: { variant: "test", payload: [1, 2] }, off: false },
    });
    const answer = await ask({}, "");
    expect(answer.json).toMatchObject({
      featureFlags: { beta: true, checkout: "test", off: false },
      featureFlagPayloads: { checkout: "[1,2]" },
      errorsWhileComputingFlags: false,
    });
  });

  it("returns only the keys in flag_keys_to_evaluate", async () => {
    server.setFlags({ flags: { a: true, b: true } });
    const answer = await ask({ flag_keys_to_evaluate: ["b"] });
    expect(Object.keys((answer.json as { flags: object }).flags)).toEqual(["b"]);
  });

  it("evaluates a function of the request body", async () => {
    server.setFlags({ flags: (body) => ({ vip: body.person_properties?.plan === "pro" }) });
    const pro = await ask({ person_properties: { plan: "pro" } });
    const free = await ask({ person_properties: { plan: "free" } });
    expect(pro.json).toMatchObject({ flags: { vip: { enabled: true } } });
    expect(free.json).toMatchObject({ flags: { vip: { enabled: false } } });
  });

  it("reports errorsWhileComputingFlags and quotaLimited when scripted", async () => {
    server.setFlags({ errorsWhileComputingFlags: true, quotaLimited: ["feature_flags"] });
    const answer = await ask({});
    expect(answer.json).toMatchObject({
      flags: {},
      errorsWhileComputingFlags: true,
      quotaLimited: ["feature_flags"],
    });
  });

  it("answers 401 without a token and records the request", async () => {
    const answer = await post(`${server.url}/flags?v=2`, { distinct_id: "u" });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ type: "authentication_error", code: "invalid_api_key" });
    expect(server.requestsTo("flags")).toHaveLength(1);
    expect(server.requests[0]?.query).toEqual({ v: "2" });
  });

  it("answers from faults like any other route", async () => {
    server.setFaults({
      kind: "sequence",
      route: "flags",
      steps: [502, { kind: "status", status: 504 }],
    });
    expect((await ask({})).status).toBe(502);
    expect((await ask({})).status).toBe(504);
    expect((await ask({})).status).toBe(200);
  });

  it("takes the flags given at start", async () => {
    const other = await startTestServer({ flags: { flags: { beta: "v2" } } });
    try {
      const answer = await post(`${other.url}/flags?v=2`, { token: "phc_test", distinct_id: "u" });
      expect(answer.json).toMatchObject({ flags: { beta: { variant: "v2" } } });
    } finally {
      await other.close();
    }
  });
});

describe("GET /flags/definitions", () => {
  const definitions = {
    flags: [
      { id: 1, key: "beta", active: true, filters: { groups: [{ rollout_percentage: 100 }] } },
    ],
    group_type_mapping: { "0": "company" },
  };
  const get = (
    path: string,
    headers: Record<string, string> = { authorization: "Bearer phx_personal" },
  ) => fetch(`${server.url}${path}`, { headers }).then(read);

  it("answers the scripted definitions with an ETag", async () => {
    server.setFlagDefinitions(definitions);
    const answer = await get("/flags/definitions?token=phc_test&send_cohorts");
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ...definitions, cohorts: {} });
    expect(answer.headers.get("etag")).toMatch(/^"[0-9a-f]{40}"$/);
    expect(server.requestsTo("flag-definitions")[0]?.query).toMatchObject({ token: "phc_test" });
  });

  it("answers 304 to a matching If-None-Match, and 200 once the definitions change", async () => {
    server.setFlagDefinitions(definitions);
    const first = await get("/flags/definitions");
    const etag = first.headers.get("etag") ?? "";
    const again = await get("/flags/definitions", {
      authorization: "Bearer phx",
      "if-none-match": etag,
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    server.setFlagDefinitions({ flags: [] });
    const changed = await get("/flags/definitions", {
      authorization: "Bearer phx",
      "if-none-match": etag,
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("serves the legacy local_evaluation path too", async () => {
    server.setFlagDefinitions(definitions);
    const answer = await get("/api/feature_flag/local_evaluation?token=phc_test");
    expect(answer.status).toBe(200);
    expect(server.requests[0]?.route).toBe("flag-definitions");
  });

  it("answers 401 without a Bearer Authorization header", async () => {
    const answer = await get("/flags/definitions", {});
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ code: "not_authenticated" });
  });

  it("answers from faults", async () => {
    server.setFaults({ kind: "outage", route: "flag-definitions", status: 500 });
    expect((await get("/flags/definitions")).status).toBe(500);
  });
});
