import { describe, expect, it } from "vitest";
import { fillPath, followUrl, queryString } from "../../src/api/url.ts";

describe("private-API URLs", () => {
  it("fills path parameters, encoding them, with project_id defaulting to the project", () => {
    expect(
      fillPath("/api/projects/{project_id}/feature_flags/{id}/", { id: 7 }, "@current").value,
    ).toBe("/api/projects/@current/feature_flags/7/");
    expect(
      fillPath(
        "/api/projects/{project_id}/events/{id}/",
        { id: "a/b c", project_id: 3 },
        "@current",
      ).value,
    ).toBe("/api/projects/3/events/a%2Fb%20c/");
  });

  it("names a missing path parameter", () => {
    const filled = fillPath("/api/projects/{project_id}/feature_flags/{id}/", {}, "1");
    expect(filled.error?.kind).toBe("invalid-options");
    expect(filled.error?.option).toBe("params.path.id");
  });

  it("serializes a query: primitives, repeated arrays, JSON objects, nothing for undefined", () => {
    expect(queryString(undefined)).toBe("");
    expect(queryString({ a: undefined })).toBe("");
    const query = queryString({
      limit: 10,
      ok: true,
      select: ["event", "timestamp"],
      filter: { a: 1 },
      skip: undefined,
    });
    expect(new URLSearchParams(query).getAll("select")).toEqual(["event", "timestamp"]);
    expect(Object.fromEntries(new URLSearchParams(query))).toMatchObject({
      limit: "10",
      ok: "true",
      filter: '{"a":1}',
    });
    expect(new URLSearchParams(queryString({ properties: [{ key: "k" }] })).get("properties")).toBe(
      '[{"key":"k"}]',
    );
  });

  it("follows next on the API host only", () => {
    expect(followUrl("https://us.posthog.com/api/x/?offset=2", "https://us.posthog.com")).toBe(
      "https://us.posthog.com/api/x/?offset=2",
    );
    expect(followUrl("http://web:8000/api/x/?offset=2", "https://us.posthog.com")).toBe(
      "https://us.posthog.com/api/x/?offset=2",
    );
    expect(followUrl("/api/x/?offset=4", "http://127.0.0.1:9000")).toBe(
      "http://127.0.0.1:9000/api/x/?offset=4",
    );
  });
});
