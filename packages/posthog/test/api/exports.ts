/**
 * The private-API tests' imports, from their modules rather than the package barrel (see
 * `../client/exports.ts`).
 */

export { PostHogClient } from "../../src/client/posthog-client.ts";
export type { RetryInfo } from "../../src/client/transport.ts";
export { isPostHogError } from "../../src/errors/posthog-error.ts";
