/**
 * Decoding of a request body as PostHog's capture service does it: decompress following
 * `Content-Encoding` (gzip, deflate, br, and zstd when this Node has it), the
 * `compression=gzip-js`/`base64` query forms, or the gzip magic bytes `1f 8b`; unwrap a
 * form-encoded `data=` field; then parse JSON. Decompression is bounded by the request
 * size limit, so a zip bomb is a "too-large" error and not a crash.
 */

import { promisify } from "node:util";
import zlib from "node:zlib";
import { Result } from "typescript-result";

/**
 * Why a body could not be decoded.
 * @internal
 */
export interface DecodeError {
  readonly kind: "too-large" | "bad-encoding" | "bad-json";
  readonly detail: string;
}

/**
 * A decoded body: `json` is `undefined` for an empty body.
 * @internal
 */
export interface DecodedBody {
  readonly text: string;
  readonly json: unknown;
}

/** @internal */
export interface DecodeInput {
  readonly raw: Buffer;
  readonly contentEncoding: string | undefined;
  readonly contentType: string | undefined;
  readonly compression: string | undefined;
  readonly maxBytes: number;
}

type Decompress = (input: Buffer, options: zlib.ZlibOptions) => Promise<Buffer>;

const gunzip = promisify(zlib.gunzip) as Decompress;
const inflate = promisify(zlib.inflate) as Decompress;
const inflateRaw = promisify(zlib.inflateRaw) as Decompress;
const brotli = promisify(zlib.brotliDecompress) as Decompress;

/** zstd exists in `node:zlib` from Node 22.15/23.8; undefined on Node 20. */
const zstdFunction = (zlib as unknown as Record<string, unknown>).zstdDecompress;
const zstd: Decompress | undefined =
  typeof zstdFunction === "function" ? (promisify(zstdFunction) as Decompress) : undefined;

/**
 * Whether this Node can decode `Content-Encoding: zstd`.
 * @internal
 */
export const supportsZstd: boolean = zstd !== undefined;

const decoders: Readonly<Record<string, Decompress | undefined>> = {
  gzip: gunzip,
  "x-gzip": gunzip,
  "gzip-js": gunzip,
  deflate: async (input, options) => {
    try {
      return await inflate(input, options);
    } catch (error) {
      if (isTooLarge(error)) throw error;
      return inflateRaw(input, options);
    }
  },
  br: brotli,
  zstd,
};

/**
 * Decompresses and parses a request body.
 *
 * @param input - the raw body with the headers and query that say how it is encoded
 * @returns the text and the parsed JSON, or a {@link DecodeError}
 * @example
 * ```ts
 * const decoded = await decodeBody({ raw, contentEncoding: "gzip", contentType: undefined, compression: undefined, maxBytes: 1e6 });
 * ```
 * @internal
 */
export async function decodeBody(input: DecodeInput): Promise<Result<DecodedBody, DecodeError>> {
  const bytes = await decompress(input);
  if (!bytes.isOk()) return Result.error(bytes.error);
  let text = bytes.value.toString("utf8");
  if (input.contentType?.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    text = unwrapForm(text);
  }
  if (text.trim() === "") return Result.ok({ text, json: undefined });
  try {
    return Result.ok({ text, json: JSON.parse(text) as unknown });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Result.error({ kind: "bad-json", detail: `body is not valid JSON: ${detail}` });
  }
}

async function decompress(input: DecodeInput): Promise<Result<Buffer, DecodeError>> {
  let bytes = input.raw;
  const encodings = encodingsOf(input);
  // Encodings are listed in the order they were applied: undo them from the last.
  for (const encoding of encodings.reverse()) {
    if (encoding === "base64") {
      bytes = Buffer.from(bytes.toString("latin1"), "base64");
      continue;
    }
    const decoder = decoders[encoding];
    if (decoder === undefined) {
      return Result.error({ kind: "bad-encoding", detail: `unsupported encoding "${encoding}"` });
    }
    try {
      bytes = await decoder(bytes, { maxOutputLength: input.maxBytes });
    } catch (error) {
      if (isTooLarge(error)) {
        return Result.error({
          kind: "too-large",
          detail: `decompressed body exceeds ${input.maxBytes} bytes`,
        });
      }
      const detail = error instanceof Error ? error.message : String(error);
      return Result.error({ kind: "bad-encoding", detail: `cannot decode ${encoding}: ${detail}` });
    }
  }
  return Result.ok(bytes);
}

function encodingsOf(input: DecodeInput): string[] {
  const declared = (input.contentEncoding ?? "")
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== "" && part !== "identity");
  if (declared.length > 0) return declared;
  const compression = input.compression?.toLowerCase();
  if (compression === "gzip" || compression === "gzip-js") return ["gzip"];
  if (compression === "base64") return ["base64"];
  if (input.raw.length >= 2 && input.raw[0] === 0x1f && input.raw[1] === 0x8b) return ["gzip"];
  return [];
}

/** posthog-js' form encoding: `data=<json or base64 json>`. */
function unwrapForm(text: string): string {
  const data = new URLSearchParams(text).get("data");
  if (data === null) return text;
  const first = data.trimStart()[0];
  if (first === "{" || first === "[") return data;
  return Buffer.from(data, "base64").toString("utf8");
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    (error instanceof Error && (error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE")
  );
}
