/**
 * The library's name and version as PostHog sees them on every event (`$lib`,
 * `$lib_version`), so events sent by this package can be told apart in PostHog.
 */
import { VERSION } from "../client/version.ts";

/** The `$lib` property of every event. */
export const LIB_NAME = "tsactor-posthog";

/** The `$lib_version` property of every event: the package version. */
export const LIB_VERSION: string = VERSION;
