import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RecordedRequest, startTestServer, type TestServer } from "../../src/testing/index.ts";
import {
  clientFor,
  PERSONAL_KEY,
  PROJECT_TOKEN,
  recordingLogger,
  startRawServer,
} from "../client/support.ts";
import { PostHogClient } from "./exports.ts";

const FLAG = { id: 7, key: "new-checkout", name: "", filters: {}, active: true, created_by: null };

describe("PostHogClient private API", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it("fills path parameters, @current by default, and sends the personal key as a Bearer token", async () => {
    server.onPrivateApi({
      method: "GET",
      path: "/api/projects/@current/feature_flags/7/",
      answer: { body: FLAG },
    });
    const flag = await clientFor(server).request(
      "get",
      "/api/projects/{project_id}/feature_flags/{id}/",
      {
        params: { path: { id: 7 } },
      },
    );
    expect(flag.ok).toBe(true);
    expect(flag.value?.key).toBe("new-checkout");
    const [request] = server.requests;
    expect(request?.method).toBe("GET");
    expect(request?.headers.authorization).toBe(`Bearer ${PERSONAL_KEY}`);
    expect(request?.headers["user-agent"]).toMatch(/^tsactor-posthog\//);
  });

  it("uses the configured project, or the one given for the call", async () => {
    server.onPrivateApi({
      path: /^\/api\/projects\/\d+\/cohorts\/3\/$/,
      answer: { body: { id: 3 } },
    });
    const client = clientFor(server, { projectId: 42 });
    await client.cohorts.get(3);
    await client.request("get", "/api/projects/{project_id}/cohorts/{id}/", {
      params: { path: { project_id: 99, id: 3 } },
    });
    expect(server.requests.map((request) => request.path)).toEqual([
      "/api/projects/42/cohorts/3/",
      "/api/projects/99/cohorts/3/",
    ]);
  });

  it("sends the query and the JSON body", async () => {
    server.onPrivateApi({
      method: "POST",
      path: "/api/projects/@current/feature_flags/",
      answer: (request) => ({ status: 201, body: { ...FLAG, ...(request.body as object) } }),
    });
    server.onPrivateApi({
      method: "GET",
      path: "/api/projects/@current/persons/",
      answer: { body: { next: null, previous: null, results: [] } },
    });
    const client = clientFor(server);
    const created = await client.featureFlags.create({
      key: "beta",
      filters: { groups: [{ rollout_percentage: 10 }] },
    });
    const properties = [
      {
        type: "AND" as const,
        values: [
          { key: "plan", value: "pro", operator: "exact" as const, type: "person" as const },
        ],
      },
    ];
    await client.persons.list({ distinct_id: "user-1", limit: 5, properties });
    expect(created.value?.key).toBe("beta");
    const [post, get] = server.requests as RecordedRequest[];
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.body).toEqual({ key: "beta", filters: { groups: [{ rollout_percentage: 10 }] } });
    expect(get?.query).toEqual({
      distinct_id: "user-1",
      limit: "5",
      properties: JSON.stringify(properties),
    });
  });

  it("returns a 404 as an api error with PostHog's code", async () => {
    const missing = await clientFor(server).featureFlags.get(404);
    expect(missing.error?.kind).toBe("api");
    if (missing.error?.kind === "api") {
      expect(missing.error.status).toBe(404);
      expect(missing.error.code).toBe("not_found");
      expect(missing.error.detail).toBe("Not found.");
      expect(missing.error.body).toMatchObject({ type: "invalid_request", code: "not_found" });
    }
    expect(server.requests).toHaveLength(1);
  });

  it("retries the private API like ingestion", async () => {
    server.onPrivateApi({
      path: "/api/projects/@current/dashboards/1/",
      answer: { body: { id: 1 } },
    });
    server.setFaults({ kind: "sequence", route: "private-api", steps: [502, 200] });
    const dashboard = await clientFor(server).dashboards.get(1);
    expect(dashboard.ok).toBe(true);
    expect(server.requests.map((request) => request.status)).toEqual([502, 200]);
  });

  it("fails fast, without a request, when there is no personal key", async () => {
    const client = clientFor(server, { personalApiKey: undefined });
    const flags = await client.featureFlags.list();
    expect(flags.error?.kind).toBe("invalid-options");
    if (flags.error?.kind === "invalid-options") expect(flags.error.option).toBe("personalApiKey");
    expect(server.requests).toHaveLength(0);
  });

  it("returns a serialization error for an answer that is not JSON", async () => {
    const raw = await startRawServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html>");
    });
    try {
      const answer = await clientFor(server, { host: raw.url }).actions.get(1);
      expect(answer.error?.kind).toBe("serialization");
      if (answer.error?.kind === "serialization") expect(answer.error.direction).toBe("response");
    } finally {
      await raw.close();
    }
  });

  it("returns a serialization error, without a request, for a body JSON cannot carry", async () => {
    const answer = await clientFor(server).annotations.create({
      content: "x",
      date_marker: 1n as never,
    });
    expect(answer.error?.kind).toBe("serialization");
    expect(server.requests).toHaveLength(0);
  });

  describe("paginate", () => {
    function scriptThreePages(elsewhere: string): void {
      server.onPrivateApi({
        method: "GET",
        path: "/api/projects/@current/feature_flags/",
        answer: (request) => {
          const offset = Number(request.query.offset ?? 0);
          const next =
            offset < 4
              ? `${elsewhere}/api/projects/@current/feature_flags/?limit=2&offset=${offset + 2}`
              : null;
          const results = [offset, offset + 1]
            .filter((id) => id < 5)
            .map((id) => ({ ...FLAG, id, key: `f${id}` }));
          return { body: { count: 5, next, previous: null, results } };
        },
      });
    }

    it("follows next across three pages, on the API host only", async () => {
      // PostHog behind a proxy may answer `next` with an internal host: the key must not go there.
      scriptThreePages("http://internal.invalid:8000");
      const keys: string[] = [];
      for await (const flag of clientFor(server).paginate(
        "/api/projects/{project_id}/feature_flags/",
        {
          params: { query: { limit: 2 } },
        },
      )) {
        expect(flag.ok).toBe(true);
        if (flag.ok) keys.push(flag.value.key);
      }
      expect(keys).toEqual(["f0", "f1", "f2", "f3", "f4"]);
      expect(server.requests.map((request) => request.query.offset ?? "0")).toEqual([
        "0",
        "2",
        "4",
      ]);
    });

    it("yields an error once and stops when a page fails", async () => {
      scriptThreePages(server.url);
      server.setFaults({ kind: "sequence", route: "private-api", steps: [200, 400] });
      const seen: string[] = [];
      for await (const flag of clientFor(server).featureFlags.iterate({ limit: 2 })) {
        seen.push(flag.ok ? flag.value.key : `error ${flag.error.kind}`);
      }
      expect(seen).toEqual(["f0", "f1", "error api"]);
      expect(server.requests).toHaveLength(2);
    });
  });

  describe("groups", () => {
    it("deletes a flag by setting deleted, as PostHog asks", async () => {
      server.onPrivateApi({
        method: "PATCH",
        path: "/api/projects/@current/feature_flags/7/",
        answer: { body: FLAG },
      });
      const deleted = await clientFor(server).featureFlags.delete(7);
      expect(deleted.ok).toBe(true);
      expect(server.requests[0]?.method).toBe("PATCH");
      expect(server.requests[0]?.body).toEqual({ deleted: true });
    });

    it("deletes a person with its events", async () => {
      server.onPrivateApi({
        method: "DELETE",
        path: "/api/projects/@current/persons/5/",
        answer: { status: 204 },
      });
      const deleted = await clientFor(server).persons.delete(5, { deleteEvents: true });
      expect(deleted.ok).toBe(true);
      expect(deleted.value).toBeUndefined();
      expect(server.requests[0]?.query).toEqual({ delete_events: "true" });
    });

    it("runs a query through PostHog's query endpoint", async () => {
      server.onPrivateApi({
        method: "POST",
        path: "/api/projects/@current/query/",
        answer: { body: { results: [[42]], columns: ["count()"] } },
      });
      const query = { kind: "HogQLQuery", query: "select count() from events" };
      const answer = await clientFor(server).insights.query(query, { refresh: "blocking" });
      expect(answer.value).toEqual({ results: [[42]], columns: ["count()"] });
      expect(server.requests[0]?.body).toEqual({ query, refresh: "blocking" });
    });

    it("reads the activity log and event property values", async () => {
      server.onPrivateApi({
        path: "/api/projects/@current/feature_flags/7/activity/",
        answer: { body: { results: [] } },
      });
      server.onPrivateApi({
        path: "/api/projects/@current/events/values/",
        answer: { body: [{ name: "pro" }] },
      });
      const client = clientFor(server);
      expect((await client.activityLog.history("feature_flags", 7)).value).toEqual({ results: [] });
      expect((await client.events.values({ key: "plan" })).value).toEqual([{ name: "pro" }]);
      expect(server.requests[1]?.query).toEqual({ key: "plan" });
    });
  });

  describe("keys", () => {
    it("never puts the personal key in a log line or an error", async () => {
      const logger = recordingLogger();
      server.setFaults([
        { kind: "sequence", route: "private-api", steps: [503, 404] },
        { kind: "sequence", route: "capture", steps: [{ kind: "delay", ms: 500 }] },
      ]);
      const client = clientFor(server, { logger, timeoutMs: 100, retry: { limit: 1 } });
      const errors = [
        (await client.featureFlags.get(1)).error,
        (await client.annotations.get(1, { signal: AbortSignal.abort() })).error,
      ];
      const down = await startTestServer();
      await down.unreachable();
      errors.push((await clientFor(down, { logger, retry: { limit: 0 } }).cohorts.get(1)).error);
      await down.close();
      server.setFaults({ kind: "always", route: "private-api", fault: { kind: "delay", ms: 500 } });
      errors.push((await client.actions.get(1)).error);
      expect(errors.map((error) => error?.kind)).toEqual(["api", "request", "request", "request"]);
      for (const error of errors) {
        expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(
          PERSONAL_KEY,
        );
      }
      expect(logger.lines.length).toBeGreaterThan(4);
      expect(JSON.stringify(logger.lines)).not.toContain(PERSONAL_KEY);
      expect(inspect(logger.lines, { depth: Number.POSITIVE_INFINITY })).not.toContain(
        PERSONAL_KEY,
      );
    });

    it("logs each attempt, its status, the delay and the outcome", async () => {
      const logger = recordingLogger();
      server.setFaults({ kind: "sequence", steps: [503, 200] });
      const client = new PostHogClient({
        apiKey: PROJECT_TOKEN,
        host: server.url,
        logger,
        retry: { baseDelayMs: 5 },
      });
      await client.captureBatch([{ event: "e", distinct_id: "d" }]);
      const attempts = logger.lines.filter((line) => line.message === "PostHog answered");
      expect(attempts.map((line) => [line.fields.attempt, line.fields.status])).toEqual([
        [1, 503],
        [2, 200],
      ]);
      const retry = logger.lines.find((line) => line.message === "Retrying PostHog call");
      expect(retry?.level).toBe("info");
      expect(retry?.fields).toMatchObject({
        method: "POST",
        path: "/batch/",
        attempt: 2,
        status: 503,
      });
      expect(retry?.fields.delayMs).toBeGreaterThanOrEqual(5);
      const outcome = logger.lines.at(-1);
      expect(outcome?.message).toBe("PostHog call succeeded");
      expect(outcome?.fields).toMatchObject({ attempts: 2, status: 200 });
    });
  });
});
