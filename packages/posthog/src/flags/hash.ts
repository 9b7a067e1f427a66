/**
 * PostHog's bucketing hash, computed synchronously. A user's place in a rollout or among
 * variants is `sha1("<flag key>.<bucketing value><salt>")`: its first 15 hex digits read
 * as an integer, divided by `0xfffffffffffffff`, give a number in [0, 1]. posthog-node
 * awaits WebCrypto for every hash; `node:crypto`'s one-shot `hash` costs about a
 * microsecond and needs no `await`, which is most of our speed.
 */
import { createHash, hash as oneShotHash } from "node:crypto";

// Larger than Number.MAX_SAFE_INTEGER on purpose: PostHog divides by this double, and any
// other rounding would move users between buckets.
// biome-ignore lint/correctness/noPrecisionLoss: PostHog's constant, rounded as PostHog rounds it.
const LONG_SCALE = 0xfffffffffffffff;

const sha1Hex: (text: string) => string =
  typeof oneShotHash === "function"
    ? (text) => oneShotHash("sha1", text, "hex")
    : (text) => createHash("sha1").update(text).digest("hex");

/**
 * The bucket of a value for a flag, in [0, 1].
 *
 * @param key - The flag key (or `"holdout"`).
 * @param bucketingValue - The distinct id, device id or group key.
 * @param salt - `""` for rollouts, `"variant"` for variants.
 * @param separator - `"."`, or `"-"` for holdouts.
 * @example
 * ```ts
 * bucketHash("beta", "user-1") <= 0.5; // in a 50 % rollout
 * ```
 */
export function bucketHash(
  key: string,
  bucketingValue: string | number,
  salt = "",
  separator = ".",
): number {
  const hex = sha1Hex(`${key}${separator}${bucketingValue}${salt}`);
  return Number.parseInt(hex.slice(0, 15), 16) / LONG_SCALE;
}
