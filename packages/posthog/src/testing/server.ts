/**
 * The test server itself: a `node:http` listener on 127.0.0.1 that reads each request,
 * records it, picks its fault from the fault book, and answers through the route table.
 * It owns every socket and timer it creates, so `close()` (and `unreachable()`) leave
 * nothing behind that would keep the process alive.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { Result } from "typescript-result";
import type { Answer, RouteContext } from "./answer.ts";
import { type DecodedBody, type DecodeError, decodeBody } from "./decode-body.ts";
import { statusAnswer } from "./fault-answer.ts";
import type { Fault, FaultPlan } from "./fault-types.ts";
import { FaultBook } from "./faults.ts";
import { type Dribble, readBody, TimerSet, writeAnswer } from "./http-io.ts";
import { type MutableRequest, Recorder } from "./recorder.ts";
import { classify, route } from "./router.ts";
import { handleCaptureV1 } from "./routes/capture-v1.ts";
import { handleControl } from "./routes/control.ts";
import { FlagRoutes } from "./routes/flags.ts";
import { PrivateApiRoutes } from "./routes/private-api.ts";
import type { FlagDefinitions, FlagsScript, PrivateApiRoute } from "./script-types.ts";
import type { TestServer } from "./test-server.ts";
import type {
  CapturedEvent,
  RecordedRequest,
  RouteKind,
  ServerStats,
  TestServerOptions,
  WaitOptions,
} from "./types.ts";

const MIB = 1024 * 1024;

/**
 * Starts a PostHog-compatible HTTP server for tests, on 127.0.0.1 and a free port unless
 * told otherwise. See {@link TestServer} for what it records and how to script faults.
 *
 * @param options - limits, recording mode, and faults or scripted answers to start with
 * @returns the running server, once it listens
 * @example
 * ```ts
 * import { startTestServer } from "@tsactor/posthog/testing";
 *
 * const server = await startTestServer();
 * await fetch(`${server.url}/batch/`, {
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ api_key: "phc_test", batch: [{ event: "signed_up", distinct_id: "u1" }] }),
 * });
 * expect(server.events[0]?.event).toBe("signed_up");
 * await server.close();
 * ```
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const server = new PostHogTestServer(options);
  await server.reachable();
  return server;
}

class PostHogTestServer implements TestServer {
  readonly #host: string;
  readonly #maxRequestBytes: number;
  readonly #maxEventBytes: number;
  readonly #control: boolean;
  readonly #listener: Server;
  readonly #sockets = new Set<Socket>();
  readonly #timers = new TimerSet();
  readonly #recorder: Recorder;
  readonly #faults = new FaultBook();
  readonly #flags = new FlagRoutes();
  readonly #privateApi = new PrivateApiRoutes();
  #port: number;
  #listening = false;
  #closed = false;
  #reopenTimer: NodeJS.Timeout | undefined;

  constructor(options: TestServerOptions) {
    this.#host = options.host ?? "127.0.0.1";
    this.#port = options.port ?? 0;
    this.#maxRequestBytes = options.maxRequestBytes ?? 20 * MIB;
    this.#maxEventBytes = options.maxEventBytes ?? MIB;
    this.#control = options.control ?? false;
    this.#recorder = new Recorder(options.record ?? "all");
    if (options.faults !== undefined) this.#faults.set(options.faults);
    if (options.flags !== undefined) this.#flags.script = options.flags;
    if (options.flagDefinitions !== undefined) this.#flags.definitions = options.flagDefinitions;
    for (const privateRoute of options.privateApi ?? []) this.#privateApi.add(privateRoute);
    this.#listener = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => this.#crash(response, error));
    });
    this.#listener.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once("close", () => this.#sockets.delete(socket));
    });
  }

  get url(): string {
    const host = this.#host.includes(":") ? `[${this.#host}]` : this.#host;
    return `http://${host}:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  get listening(): boolean {
    return this.#listening;
  }

  get events(): readonly CapturedEvent[] {
    return this.#recorder.events;
  }

  get requests(): readonly RecordedRequest[] {
    return this.#recorder.requests;
  }

  requestsTo(kind: RouteKind): readonly RecordedRequest[] {
    return this.#recorder.requests.filter((request) => request.route === kind);
  }

  uuids(): string[] {
    return this.#recorder.events.flatMap((event) =>
      typeof event.uuid === "string" ? [event.uuid] : [],
    );
  }

  eventsByUuid(): Map<string, CapturedEvent[]> {
    const byUuid = new Map<string, CapturedEvent[]>();
    for (const event of this.#recorder.events) {
      if (typeof event.uuid !== "string") continue;
      const list = byUuid.get(event.uuid);
      if (list === undefined) byUuid.set(event.uuid, [event]);
      else list.push(event);
    }
    return byUuid;
  }

  waitForEvents(n: number, options?: WaitOptions): Promise<readonly CapturedEvent[]> {
    return this.#recorder.waitForEvents(n, options);
  }

  waitForRequests(n: number, options?: WaitOptions): Promise<readonly RecordedRequest[]> {
    return this.#recorder.waitForRequests(n, options);
  }

  stats(): ServerStats {
    return this.#recorder.stats();
  }

  setFaults(plans: FaultPlan | readonly FaultPlan[]): void {
    this.#faults.set(plans);
  }

  addFaults(plans: FaultPlan | readonly FaultPlan[]): void {
    this.#faults.add(plans);
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  setFlags(script: FlagsScript): void {
    this.#flags.script = script;
  }

  setFlagDefinitions(definitions: FlagDefinitions): void {
    this.#flags.definitions = definitions;
  }

  onPrivateApi(privateRoute: PrivateApiRoute): void {
    this.#privateApi.add(privateRoute);
  }

  clearRecords(): void {
    this.#recorder.clear();
  }

  reset(): void {
    this.#recorder.clear();
    this.#faults.clear();
    this.#flags.reset();
    this.#privateApi.reset();
  }

  async unreachable(options: { readonly durationMs?: number } = {}): Promise<void> {
    this.#cancelReopen();
    await this.#shut();
    if (options.durationMs !== undefined && !this.#closed) {
      this.#reopenTimer = setTimeout(() => {
        this.#reopenTimer = undefined;
        this.reachable().catch(() => {
          // The port was taken meanwhile: the server stays unreachable.
        });
      }, options.durationMs);
    }
  }

  reachable(): Promise<void> {
    this.#cancelReopen();
    if (this.#closed) return Promise.reject(new Error("the test server is closed"));
    if (this.#listening) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.#listener.once("error", onError);
      this.#listener.listen(this.#port, this.#host, () => {
        this.#listener.off("error", onError);
        const address = this.#listener.address();
        if (address !== null && typeof address === "object") this.#port = address.port;
        this.#listening = true;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelReopen();
    this.#recorder.rejectAll("the test server closed while waiting");
    await this.#shut();
  }

  /** Closes the listener and every socket, cancels every timer; resolves when all closed. */
  async #shut(): Promise<void> {
    this.#timers.clear();
    const closing: Promise<void>[] = [...this.#sockets].map(
      (socket) => new Promise((resolve) => socket.once("close", () => resolve())),
    );
    if (this.#listening) {
      this.#listening = false;
      closing.push(new Promise((resolve) => this.#listener.close(() => resolve())));
    }
    for (const socket of this.#sockets) socket.destroy();
    await Promise.all(closing);
    // 'close' events come before libuv has released the handles (its close phase follows
    // the check phase): two immediates later they are gone, and
    // `process.getActiveResourcesInfo()` no longer lists them.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
  }

  #cancelReopen(): void {
    if (this.#reopenTimer !== undefined) clearTimeout(this.#reopenTimer);
    this.#reopenTimer = undefined;
  }

  async #handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? "/", "http://test-server");
    const method = (incoming.method ?? "GET").toUpperCase();
    const kind = classify(url.pathname, this.#control);
    const body = await readBody(incoming, this.#maxRequestBytes);
    const decoded: Result<DecodedBody, DecodeError> = body.tooLarge
      ? Result.error({
          kind: "too-large",
          detail: `request body is ${body.bytes} bytes, the limit is ${this.#maxRequestBytes}`,
        })
      : await decodeBody({
          raw: body.raw,
          contentEncoding: header(incoming.headers["content-encoding"]),
          contentType: header(incoming.headers["content-type"]),
          compression: url.searchParams.get("compression") ?? undefined,
          maxBytes: this.#maxRequestBytes,
        });
    if (kind === "control") {
      const answer = handleControl(method, url.pathname, decoded, this);
      writeAnswer(response, answer, undefined, this.#timers);
      return;
    }
    const request = this.#recorder.addRequest({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...incoming.headers },
      route: kind,
      rawBody: body.raw,
      bodyBytes: body.bytes,
      body: decoded.isOk() ? decoded.value.json : undefined,
      bodyError: decoded.isOk() ? undefined : decoded.error.detail,
      receivedAt: Date.now(),
    });
    if (body.aborted) return;
    const context: RouteContext = {
      request,
      decoded,
      maxRequestBytes: this.#maxRequestBytes,
      maxEventBytes: this.#maxEventBytes,
    };
    const fault = this.#faults.take({ method, path: url.pathname, route: kind });
    if (fault !== undefined) request.fault = fault.kind;
    this.#apply(fault ?? { kind: "pass" }, context, response, undefined);
  }

  /** Answers a request as `fault` says. */
  #apply(fault: Fault, context: RouteContext, response: ServerResponse, dribble?: Dribble): void {
    const { request } = context;
    switch (fault.kind) {
      case "pass":
        this.#send(request, response, this.#normal(context), dribble);
        return;
      case "partial": {
        const answer =
          request.route === "capture-v1" ? handleCaptureV1(context, fault) : this.#normal(context);
        this.#send(request, response, answer, dribble);
        return;
      }
      case "status":
        this.#send(request, response, statusAnswer(fault, request), dribble);
        return;
      case "reset":
        this.#recorder.reset();
        response.socket?.destroy();
        return;
      case "delay": {
        const timer = this.#timers.after(fault.ms, () => {
          response.off("close", onClose);
          this.#apply(fault.answer ?? { kind: "pass" }, context, response, dribble);
        });
        const onClose = () => this.#timers.cancel(timer);
        response.once("close", onClose);
        return;
      }
      case "slow-body":
        this.#apply(fault.answer ?? { kind: "pass" }, context, response, {
          intervalMs: fault.intervalMs,
          chunkBytes: fault.chunkBytes ?? 1,
        });
        return;
    }
  }

  #normal(context: RouteContext): Answer {
    return route(context.request.route, context, {
      flags: this.#flags,
      privateApi: this.#privateApi,
    });
  }

  #send(
    request: MutableRequest,
    response: ServerResponse,
    answer: Answer,
    dribble: Dribble | undefined,
  ): void {
    if (!writeAnswer(response, answer, dribble, this.#timers)) return;
    this.#recorder.answered(request, answer.status);
    if (answer.accept !== undefined && answer.accept.length > 0) {
      this.#recorder.accept(request, answer.accept);
    }
  }

  /** A bug in the server (not a fault): answer 500 rather than leave the client hanging. */
  #crash(response: ServerResponse, error: unknown): void {
    const detail = error instanceof Error ? error.message : String(error);
    writeAnswer(
      response,
      { status: 500, body: { type: "server_error", code: "test_server_bug", detail, attr: null } },
      undefined,
      this.#timers,
    );
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}
