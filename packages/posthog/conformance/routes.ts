/**
 * The HTTP routes of the conformance adapter, as PostHog's `ADAPTER_GUIDE.md` lists them:
 * `GET /health`, `POST /init`, `/capture`, `/capture_ai`, `/flush`, `/get_feature_flag`,
 * `/reset` and `GET /state`. With `?test_id=…` (parallel mode) each test id has its own SDK
 * instance, which sends `X-Test-Id` on every request; without it one global instance serves.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AdapterConfig, capabilities } from "./adapter-config.ts";
import { readJsonObject, sendJson } from "./http-json.ts";
import type { InstanceRegistry } from "./instances.ts";
import type { SdkInstance } from "./sdk-instance.ts";

/** Makes an SDK instance for `/init`, or says why it cannot. */
export type InstanceFactory = (
  init: Record<string, unknown>,
  testId: string | undefined,
) => SdkInstance | string;

/** What the routes need. */
export interface RouteContext {
  readonly config: AdapterConfig;
  readonly registry: InstanceRegistry<SdkInstance>;
  readonly create: InstanceFactory;
  readonly sdkName: string;
  readonly sdkVersion: string;
}

const ADAPTER_VERSION = "1.0.0";

/**
 * Handles one adapter request.
 *
 * @param context - The adapter's setup, its instances, and how to make one.
 * @param request - The request.
 * @param response - Its response.
 */
export async function handle(
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://adapter");
  const testId = url.searchParams.get("test_id") ?? undefined;
  const key = testId ?? "";
  const route = `${request.method ?? "GET"} ${url.pathname.replace(/\/+$/, "") || "/"}`;
  if (route === "GET /health") {
    sendJson(response, 200, {
      sdk_name: context.sdkName,
      sdk_version: context.sdkVersion,
      adapter_version: ADAPTER_VERSION,
      supports_parallel: true,
      capabilities: capabilities(context.config),
    });
    return;
  }
  const body = request.method === "POST" ? await readJsonObject(request) : {};
  if (body === undefined) {
    sendJson(response, 400, { success: false, error: "the body must be a JSON object" });
    return;
  }
  switch (route) {
    case "POST /init": {
      const instance = context.create(body, testId);
      if (typeof instance === "string") {
        sendJson(response, 400, { success: false, error: instance });
        return;
      }
      await context.registry.set(key, instance);
      sendJson(response, 200, { success: true });
      return;
    }
    case "POST /reset":
      await context.registry.remove(key);
      sendJson(response, 200, { success: true });
      return;
    case "POST /capture":
    case "POST /capture_ai":
    case "POST /flush":
    case "POST /get_feature_flag":
    case "GET /state": {
      const instance = context.registry.get(key);
      if (instance === undefined) {
        sendJson(response, 400, { success: false, error: "call /init first" });
        return;
      }
      const answer = await call(instance, route, body);
      sendJson(response, "success" in answer && answer.success === false ? 400 : 200, answer);
      return;
    }
    default:
      sendJson(response, 404, { success: false, error: `no route ${route}` });
  }
}

async function call(
  instance: SdkInstance,
  route: string,
  body: Record<string, unknown>,
): Promise<object> {
  switch (route) {
    case "POST /capture":
      return instance.capture(body);
    case "POST /capture_ai":
      return instance.captureAi(body);
    case "POST /flush":
      return instance.flush();
    case "POST /get_feature_flag":
      return instance.getFeatureFlag(body);
    default:
      return instance.state();
  }
}
