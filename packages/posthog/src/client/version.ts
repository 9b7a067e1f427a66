/**
 * The package version, sent in `User-Agent: tsactor-posthog/<version>`. Kept equal to
 * `package.json`'s version (a test checks it), since the built package cannot read a file
 * outside its `dist`.
 */

/** The version of `@tsactor/posthog`. */
export const VERSION = "0.1.0";
