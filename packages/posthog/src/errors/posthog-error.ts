/**
 * The one error type of `@tsactor/posthog`. Every expected failure of the package is a
 * `PostHogError` returned inside a `typescript-result` `Result`, never thrown; its `kind`
 * says what went wrong and carries the fields that go with it (`status` and `code` for an
 * `"api"` answer, `reason` for a `"request"` failure, the `option` or `field` at fault…).
 * `PostHogError` is both a class (for `instanceof` and `new`) and a discriminated union of
 * its kinds, so `if (error.kind === "api") error.status` type-checks. Messages never carry
 * a key: the personal API key is a secret, and a raw `ky` error (whose options hold the
 * `Authorization` header) is only ever kept as `cause`, never printed.
 */

/** Every kind of {@link PostHogError}. */
export type PostHogErrorKind = PostHogErrorDetails["kind"];

/** PostHog answered with a status that is not a success (after any retries). */
export interface PostHogApiErrorDetails {
  readonly kind: "api";
  /** The HTTP status of the last answer. */
  readonly status: number;
  /** The answer's body: parsed JSON when it was JSON, otherwise the text (or `undefined`). */
  readonly body: unknown;
  /** PostHog's error `code` (`"invalid_input"`, `"not_found"`…) when the body has one. */
  readonly code: string | undefined;
  /** PostHog's human-readable `detail` when the body has one. */
  readonly detail: string | undefined;
}

/** The request did not get an answer: a network error, a timeout, or an abort. */
export interface PostHogRequestErrorDetails {
  readonly kind: "request";
  /** `"network"` (refused, reset, DNS…), `"timeout"` (an attempt exceeded `timeoutMs`), `"abort"` (the caller's signal). */
  readonly reason: "network" | "timeout" | "abort";
}

/** A value JSON cannot carry (BigInt, a cycle), or an answer that is not the JSON expected. */
export interface PostHogSerializationErrorDetails {
  readonly kind: "serialization";
  /** `"request"` when our body could not be encoded, `"response"` when PostHog's answer could not be read. */
  readonly direction: "request" | "response";
}

/** An option given to a constructor or factory is invalid: a configuration bug. */
export interface PostHogInvalidOptionsErrorDetails {
  readonly kind: "invalid-options";
  /** The option at fault, as a path (`"retry.limit"`, `"personalApiKey"`). */
  readonly option: string;
}

/** An event handed to the capture path is invalid. */
export interface PostHogInvalidEventErrorDetails {
  readonly kind: "invalid-event";
  /** The field at fault (`"event"`, `"distinctId"`, `"properties"`…). */
  readonly field: string;
}

/** An event was dropped because a bound overflowed (counted and reported, never silent). */
export interface PostHogDroppedErrorDetails {
  readonly kind: "dropped";
  /** Why it was dropped, for example `"mailbox-full"` or `"queue-full"`. */
  readonly reason: string;
}

/** The typed fields of each kind of {@link PostHogError}, discriminated by `kind`. */
export type PostHogErrorDetails =
  | PostHogApiErrorDetails
  | PostHogRequestErrorDetails
  | PostHogSerializationErrorDetails
  | PostHogInvalidOptionsErrorDetails
  | PostHogInvalidEventErrorDetails
  | PostHogDroppedErrorDetails;

/** The fields of one kind, without its `kind`. */
export type PostHogErrorFields<K extends PostHogErrorKind> = Omit<
  Extract<PostHogErrorDetails, { kind: K }>,
  "kind"
>;

/** Options of the {@link PostHogError} constructor. */
export interface PostHogErrorOptions {
  /** The message; a clear one is made from the kind and its fields when omitted. */
  readonly message?: string;
  /** The underlying error (a `ky` error, a `TypeError` from JSON…), kept as `cause`. */
  readonly cause?: unknown;
}

/**
 * The class behind {@link PostHogError}: an `Error` named `"PostHogError"` with a `kind` and
 * the fields of that kind copied onto it.
 */
class PostHogErrorClass extends Error {
  override readonly name = "PostHogError" as const;
  readonly kind: PostHogErrorKind;
  readonly #details: PostHogErrorDetails;

  constructor(kind: PostHogErrorKind, fields: object, options: PostHogErrorOptions = {}) {
    const details = { ...fields, kind } as PostHogErrorDetails;
    super(
      options.message ?? defaultMessage(details),
      "cause" in options ? { cause: options.cause } : undefined,
    );
    this.kind = kind;
    this.#details = details;
    Object.assign(this, fields, { kind });
  }

  /** The kind and its fields, as a plain object (no message, no cause). */
  get details(): PostHogErrorDetails {
    return { ...this.#details };
  }
}

/**
 * An expected failure of `@tsactor/posthog`, discriminated by `kind`. `PostHogError<"api">`
 * is the error of one kind; `PostHogError` alone is any of them.
 *
 * @example
 * ```ts
 * const result = await client.captureBatch(events);
 * if (!result.ok) {
 *   const error = result.error;
 *   if (error.kind === "api") logger.warn({ status: error.status, code: error.code }, error.message);
 * }
 * ```
 */
export type PostHogError<K extends PostHogErrorKind = PostHogErrorKind> = K extends unknown
  ? PostHogErrorClass & Extract<PostHogErrorDetails, { kind: K }>
  : never;

/** The constructor of {@link PostHogError}. */
export interface PostHogErrorConstructor {
  /**
   * Makes a `PostHogError` of one kind.
   *
   * @param kind - What went wrong.
   * @param fields - The fields of that kind (`{ status, body, code, detail }` for `"api"`…).
   * @param options - A message (else one is made) and a `cause`.
   * @example
   * ```ts
   * new PostHogError("dropped", { reason: "mailbox-full" });
   * new PostHogError("request", { reason: "timeout" }, { cause: timeoutError });
   * ```
   */
  new <K extends PostHogErrorKind>(
    kind: K,
    fields: PostHogErrorFields<K>,
    options?: PostHogErrorOptions,
  ): PostHogError<K>;
  readonly prototype: PostHogError;
}

// Shown by `util.inspect` and stack traces: the public name, not the internal one.
Object.defineProperty(PostHogErrorClass, "name", { value: "PostHogError" });

/** See the {@link PostHogError} type. */
export const PostHogError = PostHogErrorClass as unknown as PostHogErrorConstructor;

/**
 * Whether a value is a {@link PostHogError} (of one kind when `kind` is given). Matches by
 * `instanceof` and also by `name`, so an error from another copy of the package counts.
 *
 * @param value - Anything.
 * @param kind - Only match this kind.
 * @example
 * ```ts
 * if (isPostHogError(error, "api") && error.status === 404) …
 * ```
 */
export function isPostHogError<K extends PostHogErrorKind = PostHogErrorKind>(
  value: unknown,
  kind?: K,
): value is PostHogError<K> {
  if (!(value instanceof PostHogErrorClass)) {
    if (!(value instanceof Error) || value.name !== "PostHogError") return false;
    if (typeof (value as { kind?: unknown }).kind !== "string") return false;
  }
  return kind === undefined || (value as { kind: unknown }).kind === kind;
}

function defaultMessage(details: PostHogErrorDetails): string {
  switch (details.kind) {
    case "api": {
      const code = details.code === undefined ? "" : ` (${details.code})`;
      const detail = details.detail === undefined ? "" : `: ${details.detail}`;
      return `PostHog answered ${details.status}${code}${detail}`;
    }
    case "request":
      return details.reason === "timeout"
        ? "The request to PostHog timed out"
        : details.reason === "abort"
          ? "The request to PostHog was aborted"
          : "The request to PostHog failed (network error)";
    case "serialization":
      return details.direction === "request"
        ? "The request body cannot be encoded as JSON"
        : "PostHog's answer is not the JSON expected";
    case "invalid-options":
      return `Invalid option \`${details.option}\``;
    case "invalid-event":
      return `Invalid event: \`${details.field}\``;
    case "dropped":
      return `Event dropped (${details.reason})`;
  }
}
