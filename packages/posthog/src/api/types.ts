/**
 * Types that turn the generated `paths` of PostHog's OpenAPI schema into the signature of
 * `request(method, path, options)`: which paths have which method, their path and query
 * parameters (`project_id` optional, the client fills it), their JSON body (read-only fields
 * left out) and their success answer (write-only fields left out). Nothing here is written
 * by hand per operation: a regenerated schema retypes every call.
 */

import type { CallOptions } from "../client/transport.ts";
import type { components, paths, Readable, Writable } from "./generated/schema.ts";

/** The HTTP methods of the private API, as the schema spells them. */
export type ApiMethod = "get" | "put" | "post" | "delete" | "patch";

/** Every path of the schema. */
export type ApiPath = keyof paths;

/**
 * The paths that have an operation for `M`.
 *
 * @example
 * ```ts
 * const path: PathsWith<"post"> = "/api/projects/{project_id}/feature_flags/";
 * ```
 */
export type PathsWith<M extends ApiMethod> = {
  [P in ApiPath]: paths[P] extends Record<M, object> ? P : never;
}[ApiPath];

/** The generated operation of `M` on `P`. */
export type OperationOf<P extends ApiPath, M extends ApiMethod> = NonNullable<paths[P][M]>;

type PathParamsOf<O> = O extends { parameters: { path: infer T } } ? T : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** Path parameters as the caller gives them: `project_id` may be left to the client. */
type PathInput<T> = "project_id" extends keyof T
  ? Omit<T, "project_id"> & { project_id?: T["project_id"] | number | undefined }
  : T;

type AllOptional<T> = Partial<T> extends T ? true : false;

type PathPart<O> = [PathParamsOf<O>] extends [never]
  ? { path?: undefined }
  : AllOptional<PathInput<PathParamsOf<O>>> extends true
    ? { path?: PathInput<PathParamsOf<O>> | undefined }
    : { path: PathInput<PathParamsOf<O>> };

type QueryPart<O> = [QueryOf<O>] extends [never]
  ? { query?: undefined }
  : AllOptional<QueryOf<O>> extends true
    ? { query?: QueryOf<O> | undefined }
    : { query: QueryOf<O> };

/** The `params` of an operation: `{ path, query }`. */
export type ParamsOf<O> = PathPart<O> & QueryPart<O>;

type JsonBodyOf<B> = B extends { content: { "application/json": infer T } } ? Writable<T> : never;

type BodyPart<O> = O extends { requestBody: infer B }
  ? { body: JsonBodyOf<B> }
  : O extends { requestBody?: infer B }
    ? [NonNullable<B>] extends [never]
      ? { body?: undefined }
      : { body?: JsonBodyOf<NonNullable<B>> | undefined }
    : { body?: undefined };

/** How to read a success answer: JSON (the default) or text. */
export type ParseAs = "json" | "text";

/**
 * The options of one private-API call: `params` (path and query), `body`, plus the
 * {@link CallOptions} every call takes.
 */
export type RequestOptions<O> = (AllOptional<ParamsOf<O>> extends true
  ? { params?: ParamsOf<O> | undefined }
  : { params: ParamsOf<O> }) &
  BodyPart<O> &
  CallOptions & { readonly parseAs?: ParseAs | undefined };

/** The rest parameters of `request`: the options are optional only when nothing in them is required. */
export type RequestArgs<O> =
  AllOptional<RequestOptions<O>> extends true
    ? [options?: RequestOptions<O>]
    : [options: RequestOptions<O>];

type SuccessStatus = 200 | 201 | 202 | 203 | 204 | 206;
type ResponsesOf<O> = O extends { responses: infer R } ? R : never;
type ContentOf<R> = R extends { content: { "application/json": infer T } }
  ? T
  : R extends { content?: never }
    ? undefined
    : unknown;

/**
 * The value a success answer of an operation decodes to; `unknown` when the schema lists
 * no success answer, `undefined` when it has no body.
 */
export type ResponseOf<O> = [Extract<keyof ResponsesOf<O>, SuccessStatus>] extends [never]
  ? unknown
  : Readable<ContentOf<ResponsesOf<O>[Extract<keyof ResponsesOf<O>, SuccessStatus>]>>;

/** The answer of `M` on `P`. */
export type ResponseFor<P extends ApiPath, M extends ApiMethod> = ResponseOf<OperationOf<P, M>>;

/** The JSON body `M` on `P` takes. */
export type BodyFor<P extends ApiPath, M extends ApiMethod> =
  OperationOf<P, M> extends { requestBody?: infer B } ? JsonBodyOf<NonNullable<B>> : never;

/** The path parameters `M` on `P` takes, as the schema lists them (`project_id` required). */
export type PathParamsFor<P extends ApiPath, M extends ApiMethod> = PathParamsOf<OperationOf<P, M>>;

/** The query `M` on `P` takes. */
export type QueryFor<P extends ApiPath, M extends ApiMethod> = QueryOf<OperationOf<P, M>>;

/** A page of a paginated list, as PostHog answers it. */
export interface Page<T> {
  readonly count?: number;
  readonly next?: string | null;
  readonly previous?: string | null;
  readonly results?: T[];
}

/** The GET paths whose answer is a page (`{ next, results }`). */
export type PaginatedPath = {
  [P in PathsWith<"get">]: ResponseFor<P, "get"> extends {
    next?: string | null;
    results?: unknown[];
  }
    ? P
    : never;
}[PathsWith<"get">];

/** The item type of a paginated GET path. */
export type ItemOf<P extends PaginatedPath> =
  ResponseFor<P, "get"> extends { results?: (infer I)[] } ? I : never;

/**
 * A component schema of PostHog's API, as answers carry it (read-only fields included).
 *
 * @example
 * ```ts
 * type Flag = Schema<"FeatureFlag">; // { id: number; key: string; … }
 * ```
 */
export type Schema<N extends keyof components["schemas"]> = Readable<components["schemas"][N]>;

/** A component schema as a request body takes it (read-only fields left out). */
export type SchemaInput<N extends keyof components["schemas"]> = Writable<components["schemas"][N]>;
