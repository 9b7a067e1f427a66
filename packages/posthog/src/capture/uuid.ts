/**
 * UUID v7 (RFC 9562) for event ids: 48 bits of Unix milliseconds, then random bits, so ids
 * sort by creation time as PostHog prefers. Within one millisecond a 12-bit counter seeded
 * at random keeps ids from one process strictly increasing; when it overflows the
 * timestamp part moves one millisecond ahead. Random bytes come from `node:crypto` in
 * pooled chunks, so an id costs no system call; the id is written as ASCII into one
 * reused buffer (the timestamp part only when the millisecond changes) and read out as one
 * flat string, so an id allocates nothing but itself.
 */
import { randomFillSync } from "node:crypto";

/** Random bytes per id: 8 for rand_b, 2 to seed the counter at a new millisecond. */
const BYTES_PER_ID = 10;
const POOL_SIZE = BYTES_PER_ID * 1024;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

let lastMs = -1;
let counter = 0;
/** The millisecond whose hex digits are in `text` now. */
let writtenMs = -1;

/** The id being written: 36 ASCII characters, the dashes in place. */
const text = Buffer.alloc(36, "-");

/** The ASCII code of each hexadecimal digit. */
const DIGITS = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/** Matches any RFC 9562 UUID in its canonical 8-4-4-4-12 hexadecimal form. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Writes `byte` as two hex digits at `at`. */
function hex2(at: number, byte: number): void {
  text[at] = DIGITS[byte >>> 4] as number;
  text[at + 1] = DIGITS[byte & 0x0f] as number;
}

/** Writes the 48-bit big-endian millisecond timestamp: the first 8-4 digits. */
function writeMs(ms: number): void {
  const high = Math.floor(ms / 2 ** 16);
  hex2(0, (high >>> 24) & 0xff);
  hex2(2, (high >>> 16) & 0xff);
  hex2(4, (high >>> 8) & 0xff);
  hex2(6, high & 0xff);
  hex2(9, (ms >>> 8) & 0xff);
  hex2(11, ms & 0xff);
  writtenMs = ms;
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
  if (poolOffset + BYTES_PER_ID > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const r = poolOffset;
  poolOffset += BYTES_PER_ID;
  if (now > lastMs) {
    lastMs = now;
    // A random seed that leaves headroom below the 12-bit limit.
    counter = (((pool[r + 8] as number) << 8) | (pool[r + 9] as number)) & 0x7ff;
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
  }
  if (lastMs !== writtenMs) writeMs(lastMs);
  // Version 7 and the 12-bit counter (rand_a).
  text[14] = DIGITS[7] as number;
  text[15] = DIGITS[counter >>> 8] as number;
  hex2(16, counter & 0xff);
  // Variant 10, then 62 random bits (rand_b).
  hex2(19, 0x80 | ((pool[r] as number) & 0x3f));
  hex2(21, pool[r + 1] as number);
  for (let i = 0; i < 6; i++) hex2(24 + 2 * i, pool[r + 2 + i] as number);
  return text.toString("latin1", 0, 36);
}
