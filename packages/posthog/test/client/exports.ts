/**
 * The client's public names, imported from their modules rather than the package barrel,
 * so these tests do not depend on the other areas of the barrel (which other work edits
 * at the same time); the barrel re-exports these same modules.
 */

export { deriveApiHost } from "../../src/client/api-host.ts";
export type { PostHogWireEvent } from "../../src/client/capture-body.ts";
export { compress, isCompressionSupported } from "../../src/client/compression.ts";
export type { PostHogLogger } from "../../src/client/logger.ts";
export type { PostHogClientOptions } from "../../src/client/options.ts";
export { PostHogClient } from "../../src/client/posthog-client.ts";
export type { RetryInfo } from "../../src/client/transport.ts";
export { USER_AGENT } from "../../src/client/transport.ts";
export { VERSION } from "../../src/client/version.ts";
export { isPostHogError, PostHogError } from "../../src/errors/posthog-error.ts";
