/**
 * The requests the shared resource-group methods send for each group: the list and item
 * paths of the group, the method, the query and the body, so a group that extends the
 * wrong class or path shows here.
 */

import { describe, expect, it } from "vitest";
import { clientFor } from "../client/support.ts";
import { sharedTestServer } from "../support/test-server.ts";

const server = await sharedTestServer();

describe("resource groups", () => {
  /** The method, path, query and body of each request the server received. */
  function sent(): { method: string; path: string; query: unknown; body: unknown }[] {
    return server.requests.map(({ method, path, query, body }) => ({ method, path, query, body }));
  }

  it("lists, reads, creates, updates and softly deletes on the group's paths", async () => {
    server.onPrivateApi({ path: /^\/api\//, answer: { body: { id: 1 } } });
    const client = clientFor(server);
    await client.actions.list({ limit: 2 });
    await client.annotations.get(3);
    await client.cohorts.create({ name: "Pro" });
    await client.insights.update(4, { name: "Signups" });
    await client.actions.delete(5);
    expect(sent()).toEqual([
      {
        method: "GET",
        path: "/api/projects/@current/actions/",
        query: { limit: "2" },
        body: undefined,
      },
      { method: "GET", path: "/api/projects/@current/annotations/3/", query: {}, body: undefined },
      { method: "POST", path: "/api/projects/@current/cohorts/", query: {}, body: { name: "Pro" } },
      {
        method: "PATCH",
        path: "/api/projects/@current/insights/4/",
        query: {},
        body: { name: "Signups" },
      },
      {
        method: "PATCH",
        path: "/api/projects/@current/actions/5/",
        query: {},
        body: { deleted: true },
      },
    ]);
  });

  it("deletes a dashboard softly, with its insights when asked", async () => {
    server.onPrivateApi({ path: /^\/api\//, answer: { body: { id: 1 } } });
    const client = clientFor(server);
    await client.dashboards.delete(6);
    await client.dashboards.delete(7, { deleteInsights: true });
    expect(sent().map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      {
        method: "PATCH",
        path: "/api/projects/@current/dashboards/6/",
        body: { deleted: true, delete_insights: false },
      },
      {
        method: "PATCH",
        path: "/api/projects/@current/dashboards/7/",
        body: { deleted: true, delete_insights: true },
      },
    ]);
  });

  it("reads an event by its UUID and updates a person", async () => {
    server.onPrivateApi({ path: /^\/api\//, answer: { body: { id: 1 } } });
    const client = clientFor(server);
    const uuid = "0190a4c6-1111-7000-8000-000000000001";
    await client.events.get(uuid);
    await client.persons.update(8, { properties: { plan: "pro" } });
    await client.persons.setProperty(8, "plan", "pro");
    expect(sent()).toEqual([
      { method: "GET", path: `/api/projects/@current/events/${uuid}/`, query: {}, body: undefined },
      {
        method: "PATCH",
        path: "/api/projects/@current/persons/8/",
        query: {},
        body: { properties: { plan: "pro" } },
      },
      {
        method: "POST",
        path: "/api/projects/@current/persons/8/update_property/",
        query: { key: "plan", value: "pro" },
        body: { key: "plan", value: "pro" },
      },
    ]);
  });

  it("iterates the pages of a group", async () => {
    server.onPrivateApi({
      method: "GET",
      path: "/api/projects/@current/cohorts/",
      answer: (request) =>
        request.query.offset === undefined
          ? { body: { results: [{ id: 1 }], next: "/api/projects/@current/cohorts/?offset=1" } }
          : { body: { results: [{ id: 2 }], next: null } },
    });
    const ids: number[] = [];
    for await (const cohort of clientFor(server).cohorts.iterate()) {
      if (cohort.ok) ids.push(cohort.value.id);
    }
    expect(ids).toEqual([1, 2]);
  });
});
