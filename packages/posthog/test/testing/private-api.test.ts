import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../src/testing/index.ts";
import { read } from "./helpers.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const call = (method: string, path: string, body?: unknown, auth = "Bearer phx_secret") =>
  fetch(`${server.url}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(auth === "" ? {} : { authorization: auth }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(read);

describe("private API", () => {
  it("answers a scripted route and records path, query, body and Authorization", async () => {
    server.onPrivateApi({
      method: "POST",
      path: "/api/projects/42/annotations/",
      answer: { status: 201, body: { id: 5 }, headers: { "x-trace": "t1" } },
    });
    const answer = await call("POST", "/api/projects/42/annotations/?source=test", {
      content: "deploy",
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({ id: 5 });
    expect(answer.headers.get("x-trace")).toBe("t1");
    const [request] = server.requestsTo("private-api");
    expect(request).toMatchObject({
      method: "POST",
      path: "/api/projects/42/annotations/",
      query: { source: "test" },
      body: { content: "deploy" },
    });
    expect(request?.headers.authorization).toBe("Bearer phx_secret");
  });

  it("matches a RegExp path and answers from a function of the request", async () => {
    server.onPrivateApi({
      method: "get",
      path: /^\/api\/projects\/(\d+)\/feature_flags\/(\d+)\/$/,
      answer: (request) => ({
        body: { id: Number(request.path.split("/")[5]), query: request.query },
      }),
    });
    const answer = await call("GET", "/api/projects/1/feature_flags/17/?x=1");
    expect(answer.json).toEqual({ id: 17, query: { x: "1" } });
  });

  it("prefers the most recent matching route and honours times", async () => {
    server.onPrivateApi({ path: "/api/users/@me/", answer: { body: { who: "old" } } });
    server.onPrivateApi({ path: "/api/users/@me/", answer: { body: { who: "new" } }, times: 1 });
    expect((await call("GET", "/api/users/@me/")).json).toEqual({ who: "new" });
    expect((await call("GET", "/api/users/@me/")).json).toEqual({ who: "old" });
  });

  it("does not match another method", async () => {
    server.onPrivateApi({
      method: "DELETE",
      path: "/api/projects/1/cohorts/3/",
      answer: { status: 204 },
    });
    expect((await call("DELETE", "/api/projects/1/cohorts/3/")).status).toBe(204);
    expect((await call("GET", "/api/projects/1/cohorts/3/")).status).toBe(404);
  });

  it("answers 404 with PostHog's error shape when unscripted", async () => {
    const answer = await call("GET", "/api/projects/1/insights/");
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({
      type: "invalid_request",
      code: "not_found",
      detail: "Not found.",
      attr: null,
    });
  });

  it("answers 401 without an Authorization header", async () => {
    server.onPrivateApi({ path: "/api/users/@me/", answer: { body: {} } });
    const answer = await call("GET", "/api/users/@me/", undefined, "");
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ type: "authentication_error", code: "not_authenticated" });
  });

  it("answers from faults matched by path", async () => {
    server.onPrivateApi({ path: "/api/users/@me/", answer: { body: {} } });
    server.setFaults({ kind: "sequence", route: /^\/api\/users\//, steps: [429, 200] });
    expect((await call("GET", "/api/users/@me/")).status).toBe(429);
    expect((await call("GET", "/api/users/@me/")).status).toBe(200);
  });
});
