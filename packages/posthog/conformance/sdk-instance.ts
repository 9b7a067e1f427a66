/**
 * What the adapter asks of one SDK instance, in the harness's own terms (snake_case
 * requests in, the answers its contract expects out). `facade-instance.ts` implements it
 * on top of `createPostHog`; the HTTP routes only translate to and from this interface.
 */
import type { JsonObject } from "./http-json.ts";
import type { RequestRecord } from "./request-log.ts";

/** The answer to `/capture` and `/capture_ai`. */
export type CaptureAnswer = { readonly success: true; readonly uuid: string } | Failure;

/** A call the SDK refused, with its reason. */
export interface Failure {
  readonly success: false;
  readonly error: string;
}

/** The `/state` answer of the harness contract. */
export interface StateAnswer {
  readonly pending_events: number;
  readonly total_events_captured: number;
  readonly total_events_sent: number;
  readonly total_retries: number;
  readonly last_error: string | null;
  readonly requests_made: readonly RequestRecord[];
}

/** One SDK instance driven by the harness. */
export interface SdkInstance {
  /** `/capture`: `{ distinct_id, event, properties?, timestamp?, options? }`. */
  capture(request: JsonObject): CaptureAnswer;
  /** `/capture_ai`: as `/capture`, plus `uuid?`; must reach the AI route. */
  captureAi(request: JsonObject): CaptureAnswer;
  /** `/flush`: resolves once everything captured is delivered or has finally failed. */
  flush(): Promise<{ readonly success: true; readonly events_flushed: number } | Failure>;
  /** `/get_feature_flag`. */
  getFeatureFlag(
    request: JsonObject,
  ): Promise<{ readonly success: true; readonly value: unknown } | Failure>;
  /** `/state`. */
  state(): StateAnswer;
  /** Ends the instance: nothing more is sent. */
  stop(): Promise<void>;
}
