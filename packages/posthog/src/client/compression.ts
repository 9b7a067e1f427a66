/**
 * Request-body compression with `node:zlib`, asynchronous so a large batch never blocks
 * the event loop: gzip (what PostHog's capture endpoints read from `Content-Encoding`),
 * deflate, brotli, and zstd where this Node has it (22.15+). The capture actor and the V1
 * protocol reuse it through {@link compress}.
 */

import { promisify } from "node:util";
import zlib from "node:zlib";

/**
 * A `Content-Encoding` the client can produce.
 *
 * @example
 * ```ts
 * const encoding: CompressionEncoding = "gzip";
 * ```
 */
export type CompressionEncoding = "gzip" | "deflate" | "br" | "zstd";

/** A body's compression: an encoding, or `"none"`. */
export type Compression = CompressionEncoding | "none";

type Compressor = (input: Uint8Array) => Promise<Buffer>;

const zstd = (
  zlib as unknown as {
    zstdCompress?: (input: Uint8Array, cb: (error: Error | null, out: Buffer) => void) => void;
  }
).zstdCompress;

const compressors: Readonly<Partial<Record<CompressionEncoding, Compressor>>> = {
  gzip: promisify(zlib.gzip),
  deflate: promisify(zlib.deflate),
  br: promisify(zlib.brotliCompress),
  ...(typeof zstd === "function" ? { zstd: promisify(zstd) } : {}),
};

/**
 * Whether this Node can produce an encoding (zstd needs Node 22.15 or later).
 *
 * @param encoding - The encoding.
 * @example
 * ```ts
 * const encoding = isCompressionSupported("zstd") ? "zstd" : "gzip";
 * ```
 */
export function isCompressionSupported(encoding: string): encoding is CompressionEncoding {
  return Object.hasOwn(compressors, encoding);
}

/**
 * Compresses a body.
 *
 * @param body - The body: text (encoded as UTF-8) or bytes.
 * @param encoding - The encoding; `"none"` returns the bytes as they are.
 * @returns The compressed bytes, to send with `Content-Encoding: <encoding>`.
 * @throws RangeError when this Node cannot produce `encoding` (check {@link isCompressionSupported}).
 * @example
 * ```ts
 * const gz = await compress(JSON.stringify(payload), "gzip");
 * ```
 */
export async function compress(
  body: string | Uint8Array,
  encoding: Compression,
): Promise<Uint8Array> {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  if (encoding === "none") return bytes;
  const compressor = compressors[encoding];
  if (compressor === undefined) {
    throw new RangeError(`This Node cannot compress with ${encoding}`);
  }
  const out = await compressor(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
