/**
 * UUID v7 (RFC 9562) for event ids: 48 bits of Unix milliseconds, then random bits, so ids
 * sort by creation time as PostHog prefers. Within one millisecond a 12-bit counter seeded
 * at random keeps ids from one process strictly increasing; when it overflows the
 * timestamp part moves one millisecond ahead. Random bytes come from `node:crypto` in
 * pooled chunks, so an id costs no system call.
 */
import { randomFillSync } from "node:crypto";

const POOL_SIZE = 16 * 512;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

let lastMs = -1;
let counter = 0;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Matches any RFC 9562 UUID in its canonical 8-4-4-4-12 hexadecimal form. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function randomBytes8(): Uint8Array {
  if (poolOffset + 8 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 8);
  poolOffset += 8;
  return bytes;
}

/**
 * A new UUID v7, later than every id this process made before.
 *
 * @param now - The current time in Unix milliseconds (injectable for tests).
 * @returns The id in canonical lowercase form.
 * @example
 * ```ts
 * uuidv7(); // "01890a5d-ac96-774b-bcce-b302099a8057"
 * ```
 */
export function uuidv7(now: number = Date.now()): string {
  const random = randomBytes8();
  if (now > lastMs) {
    lastMs = now;
    counter = ((random[6] ?? 0) << 4) & 0x7ff; // leave headroom below the 12-bit limit
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
  }
  const ms = lastMs;
  const bytes = new Uint8Array(16);
  // 48-bit big-endian milliseconds.
  const high = Math.floor(ms / 2 ** 16);
  bytes[0] = (high >>> 24) & 0xff;
  bytes[1] = (high >>> 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  // Version 7 and the 12-bit counter (rand_a).
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  // Variant 10 and 62 random bits (rand_b).
  bytes[8] = 0x80 | ((random[0] ?? 0) & 0x3f);
  for (let i = 1; i < 8; i++) bytes[8 + i] = random[i] ?? 0;
  let out = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += "-";
    out += HEX[bytes[i] ?? 0];
  }
  return out;
}
