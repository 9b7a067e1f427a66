/**
 * The logger seam of the client: any pino-compatible object with `debug`, `info`, `warn`
 * and `error` taking a fields object and a message. The client logs structured fields only
 * (method, path, attempt, status, delay, outcome, error kind and message), never headers or
 * bodies, so no key reaches a log line. Silent by default.
 */

/**
 * A pino-compatible logger: each level takes an object of fields and a message.
 *
 * @example
 * ```ts
 * import pino from "pino";
 * const client = new PostHogClient({ apiKey: "phc_…", logger: pino() });
 * ```
 */
export interface PostHogLogger {
  debug(fields: Record<string, unknown>, message?: string): void;
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

const ignore = (): void => {};

/** The default logger: says nothing. */
export const silentLogger: PostHogLogger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
