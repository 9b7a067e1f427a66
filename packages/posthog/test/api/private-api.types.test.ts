/**
 * Type tests of the typed private API: they run as ordinary tests, and `tsc` (run by
 * `pnpm typecheck`) fails if a `@ts-expect-error` line compiles, i.e. if a wrong path, a
 * missing path parameter or a wrong body field were accepted.
 */

import type { Result } from "typescript-result";
import { describe, expectTypeOf, it } from "vitest";
import type { BodyFor, ItemOf, ResponseFor, Schema } from "../../src/api/types.ts";
import type { PostHogError } from "../../src/errors/posthog-error.ts";
import { PostHogClient } from "./exports.ts";

const client = new PostHogClient({
  apiKey: "phc_types",
  personalApiKey: "phx_types",
  host: "http://127.0.0.1:9",
});

/** Only type-checked: never called, so nothing is sent. */
function neverCalled(): void {
  // A path that is not in the schema.
  // @ts-expect-error
  void client.request("get", "/api/projects/{project_id}/feature_flagz/", {});
  // A path that has no such method.
  // @ts-expect-error
  void client.request("post", "/api/projects/{project_id}/feature_flags/{id}/", {});
  // A missing path parameter (`id`).
  // @ts-expect-error
  void client.request("get", "/api/projects/{project_id}/feature_flags/{id}/");
  void client.request("get", "/api/projects/{project_id}/feature_flags/{id}/", {
    // @ts-expect-error
    params: { path: {} },
  });
  // A path parameter of the wrong type.
  void client.request("get", "/api/projects/{project_id}/feature_flags/{id}/", {
    // @ts-expect-error
    params: { path: { id: "7" } },
  });
  // A body field of the wrong type, a body field that does not exist, a missing body.
  void client.request("post", "/api/projects/{project_id}/feature_flags/", {
    // @ts-expect-error
    body: { key: 42 },
  });
  void client.request("post", "/api/projects/{project_id}/feature_flags/", {
    // @ts-expect-error
    body: { key: "k", rollout: 10 },
  });
  // @ts-expect-error
  void client.request("post", "/api/projects/{project_id}/feature_flags/", {});
  // A read-only field in a body.
  void client.featureFlags.update(1, {
    // @ts-expect-error
    id: 2,
  });
  // A query parameter that does not exist.
  void client.featureFlags.list({
    // @ts-expect-error
    page: 2,
  });
  // Paginate only takes paginated lists.
  // @ts-expect-error
  void client.paginate("/api/projects/{project_id}/feature_flags/{id}/", {});

  // What does compile: project_id left to the client, path parameters, query, body.
  void client.request("get", "/api/projects/{project_id}/feature_flags/");
  void client.request("get", "/api/projects/{project_id}/feature_flags/{id}/", {
    params: { path: { id: 7 } },
  });
  void client.request("get", "/api/projects/{project_id}/feature_flags/", {
    params: { query: { limit: 10 } },
  });
  void client.request("post", "/api/projects/{project_id}/feature_flags/", { body: { key: "k" } });
  void client.request("get", "/api/organizations/{parent_lookup_organization_id}/roles/", {
    params: { path: { parent_lookup_organization_id: "org" } },
  });
}

describe("the typed private API", () => {
  it("types answers from the schema", () => {
    expectTypeOf(neverCalled).toBeFunction();
    type Flag = ResponseFor<"/api/projects/{project_id}/feature_flags/{id}/", "get">;
    expectTypeOf<Flag>().toEqualTypeOf<Schema<"FeatureFlag">>();
    expectTypeOf<Flag["key"]>().toEqualTypeOf<string>();
    expectTypeOf<Flag["id"]>().toEqualTypeOf<number>();
    expectTypeOf(client.featureFlags.get).returns.resolves.toEqualTypeOf<
      Result<Flag, PostHogError>
    >();
  });

  it("leaves read-only fields out of bodies", () => {
    type CreateFlag = BodyFor<"/api/projects/{project_id}/feature_flags/", "post">;
    expectTypeOf<CreateFlag>().toHaveProperty("key");
    expectTypeOf<CreateFlag["key"]>().toEqualTypeOf<string>();
    expectTypeOf<{ key: string }>().toExtend<CreateFlag>();
    expectTypeOf<{ key: string; id: number }>().not.toExtend<CreateFlag>();
  });

  it("types the items of a paginated list", () => {
    expectTypeOf<ItemOf<"/api/projects/{project_id}/persons/">>().toEqualTypeOf<Schema<"Person">>();
    expectTypeOf(client.paginate("/api/projects/{project_id}/cohorts/")).toEqualTypeOf<
      AsyncGenerator<Result<Schema<"Cohort">, PostHogError>, void, undefined>
    >();
  });
});
