/**
 * What the adapter's `GET /state` reports: the requests the SDK made, seen from the
 * outside through hooks on the `ky` instance the adapter hands to the SDK (never from the
 * SDK's internals). Each attempt is recorded when its answer arrives, with its status, its
 * retry number, and the events in its body (decoded from gzip, deflate, br or zstd).
 */
import * as zlib from "node:zlib";
import type { AfterResponseHook } from "ky";

/** One request, as the harness's `/state` contract describes it. */
export interface RequestRecord {
  readonly timestamp_ms: number;
  readonly status_code: number;
  readonly retry_attempt: number;
  readonly event_count: number;
  readonly uuid_list: readonly string[];
}

/** The requests of one SDK instance. */
export class RequestLog {
  readonly #records: RequestRecord[] = [];

  /** Every request so far, in order of the answers. */
  get records(): readonly RequestRecord[] {
    return this.#records;
  }

  /** Retries so far (attempts after the first of each request). */
  get retries(): number {
    return this.#records.filter((record) => record.retry_attempt > 0).length;
  }

  /** A ky `afterResponse` hook that records each attempt. */
  readonly afterResponse: AfterResponseHook = async (request, _options, response, state) => {
    const uuids = await eventUuids(request);
    this.#records.push({
      timestamp_ms: Date.now(),
      status_code: response.status,
      retry_attempt: state.retryCount,
      event_count: uuids.length,
      uuid_list: uuids,
    });
  };
}

async function eventUuids(request: Request): Promise<string[]> {
  try {
    const raw = Buffer.from(await request.clone().arrayBuffer());
    const body: unknown = JSON.parse(decode(raw, request.headers.get("content-encoding")));
    const batch = Array.isArray(body)
      ? body
      : typeof body === "object" &&
          body !== null &&
          Array.isArray((body as { batch?: unknown }).batch)
        ? (body as { batch: unknown[] }).batch
        : [];
    return batch.flatMap((event) =>
      typeof event === "object" && event !== null && typeof event.uuid === "string"
        ? [event.uuid]
        : [],
    );
  } catch {
    return [];
  }
}

function decode(raw: Buffer, encoding: string | null): string {
  switch (encoding) {
    case "gzip":
      return zlib.gunzipSync(raw).toString("utf8");
    case "deflate":
      return zlib.inflateSync(raw).toString("utf8");
    case "br":
      return zlib.brotliDecompressSync(raw).toString("utf8");
    case "zstd": {
      const zstd = (zlib as { zstdDecompressSync?: (input: Buffer) => Buffer }).zstdDecompressSync;
      return zstd === undefined ? "" : zstd(raw).toString("utf8");
    }
    default:
      return raw.toString("utf8");
  }
}
