import { describe, expect, it } from "vitest";
import { buildExceptionEvent } from "../../src/exceptions/exception-event.ts";
import { MAX_EXCEPTIONS } from "../../src/exceptions/exception-list.ts";

class CheckoutError extends Error {}
class RootError extends Error {
  override name = "RootError";
}

function raiseThroughChain(): Error {
  function boom(): never {
    throw new TypeError("boom");
  }
  function handler(): void {
    boom();
  }
  function main(): void {
    handler();
  }
  try {
    main();
  } catch (error) {
    return error as Error;
  }
  throw new Error("unreachable");
}

describe("buildExceptionEvent", () => {
  it("makes a $exception event with the manual-capture defaults", () => {
    const event = buildExceptionEvent(new CheckoutError("Checkout failed"), "user-1");
    expect(event.event).toBe("$exception");
    expect(event.distinctId).toBe("user-1");
    expect(event.properties.$exception_level).toBe("error");
    expect(event.properties.$exception_type).toBe("CheckoutError");
    expect(event.properties.$exception_message).toBe("Checkout failed");
    expect(event.properties).not.toHaveProperty("$exception_source");
    expect(event.properties).not.toHaveProperty("$exception_fingerprint");
    const [outer] = event.properties.$exception_list;
    expect(outer?.type).toBe("CheckoutError");
    expect(outer?.value).toBe("Checkout failed");
    expect(outer?.mechanism).toEqual({
      type: "generic",
      handled: true,
      synthetic: false,
      exception_id: 0,
    });
  });

  it("keeps the runtime stack, entry point first and crash site last", () => {
    const event = buildExceptionEvent(raiseThroughChain(), "u");
    const frames = event.properties.$exception_list[0]?.stacktrace?.frames ?? [];
    const names = frames.map((f) => f.function);
    expect(names.at(-1)).toBe("boom");
    expect(names.indexOf("main")).toBeGreaterThanOrEqual(0);
    expect(names.indexOf("main")).toBeLessThan(names.indexOf("handler"));
    expect(frames.at(-1)?.filename).toContain("exception-event.test.ts");
    for (const frame of frames) {
      expect(frame).not.toHaveProperty("context_line");
      expect(frame).not.toHaveProperty("pre_context");
    }
  });

  it("lists a cause chain caught-first with chained mechanisms and parent ids", () => {
    const root = new RootError("Connection failed");
    const wrapper = new Error("Checkout failed", { cause: root });
    const list = buildExceptionEvent(wrapper, "u").properties.$exception_list;
    expect(list.map((e) => e.type)).toEqual(["Error", "RootError"]);
    expect(list[0]?.mechanism).not.toHaveProperty("source");
    expect(list[0]?.mechanism).not.toHaveProperty("parent_id");
    expect(list[1]?.mechanism).toEqual({
      type: "chained",
      source: "cause",
      synthetic: false,
      exception_id: 1,
      parent_id: 0,
    });
  });

  it("flattens an AggregateError depth-first, members in order, a member's cause under it", () => {
    const second = new Error("Validation failed", { cause: new Error("Invalid value") });
    const aggregate = new AggregateError(
      [new Error("Network failed"), second],
      "Two operations failed",
    );
    const list = buildExceptionEvent(aggregate, "u").properties.$exception_list;
    expect(list.map((e) => [e.value, e.mechanism.exception_id, e.mechanism.parent_id])).toEqual([
      ["Two operations failed", 0, undefined],
      ["Network failed", 1, 0],
      ["Validation failed", 2, 0],
      ["Invalid value", 3, 2],
    ]);
    expect(list.slice(1, 3).map((e) => e.mechanism.source)).toEqual(["member", "member"]);
    expect(list[3]?.mechanism.source).toBe("cause");
    expect(list.slice(1).every((e) => e.mechanism.type === "chained")).toBe(true);
    expect(list.slice(1).every((e) => !("handled" in e.mechanism))).toBe(true);
  });

  it("lists each object of a cycle once", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    (a as { cause?: unknown }).cause = b;
    const list = buildExceptionEvent(a, "u").properties.$exception_list;
    expect(list.map((e) => e.value)).toEqual(["a", "b"]);
  });

  it("stops at 50 entries, keeping the earliest in depth-first order", () => {
    let error = new Error("e0");
    for (let i = 1; i < 80; i++) error = new Error(`e${i}`, { cause: error });
    const list = buildExceptionEvent(error, "u").properties.$exception_list;
    expect(list).toHaveLength(MAX_EXCEPTIONS);
    expect(list[0]?.value).toBe("e79");
    expect(list.at(-1)?.value).toBe(`e${80 - MAX_EXCEPTIONS}`);
  });

  it("converts a thrown string, marks it synthetic and gives it the caller's stack", () => {
    function reportIt(): ReturnType<typeof buildExceptionEvent> {
      return buildExceptionEvent("something broke", "u");
    }
    const [outer] = reportIt().properties.$exception_list;
    expect(outer?.type).toBe("Error");
    expect(outer?.value).toBe("something broke");
    expect(outer?.mechanism.synthetic).toBe(true);
    const frames = outer?.stacktrace?.frames ?? [];
    expect(frames.at(-1)?.function).toBe("reportIt");
    expect(frames.some((f) => f.function.includes("buildExceptionEvent"))).toBe(false);
  });

  it("cuts the synthesised stack at the given stackStart", () => {
    function captureException(value: unknown) {
      return buildExceptionEvent(value, "u", undefined, { stackStart: captureException });
    }
    function appCode() {
      return captureException(42);
    }
    const [outer] = appCode().properties.$exception_list;
    expect(outer?.value).toBe("Non-Error exception captured with value: 42");
    expect(outer?.stacktrace?.frames.at(-1)?.function).toBe("appCode");
  });

  it("keeps the stack an error-like object already carries", () => {
    const errorLike = {
      name: "RemoteError",
      message: "from the worker",
      stack: "RemoteError: from the worker\n    at work (/w/a.js:3:1)\n    at run (/w/b.js:9:2)",
    };
    const [outer] = buildExceptionEvent(errorLike, "u").properties.$exception_list;
    expect(outer?.type).toBe("RemoteError");
    expect(outer?.mechanism.synthetic).toBe(false);
    expect(outer?.stacktrace?.frames.map((f) => f.function)).toEqual(["run", "work"]);
  });

  it("does not throw on hostile input, and describes plain objects", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("no");
        },
        ownKeys() {
          throw new Error("no");
        },
      },
    );
    expect(buildExceptionEvent(hostile, "u").properties.$exception_type).toBe("Error");
    expect(buildExceptionEvent(null, "u").properties.$exception_message).toBe(
      "Non-Error exception captured with value: null",
    );
    expect(buildExceptionEvent({ code: 7, reason: "x" }, "u").properties.$exception_message).toBe(
      "Object captured as exception with keys: code, reason",
    );
  });

  it("keeps an Error without a usable stack unsynthetic and without frames", () => {
    const error = new Error("no stack");
    Object.defineProperty(error, "stack", { value: undefined });
    const [outer] = buildExceptionEvent(error, "u").properties.$exception_list;
    expect(outer?.mechanism.synthetic).toBe(false);
    expect(outer).not.toHaveProperty("stacktrace");
  });

  it("merges caller properties but never lets them override SDK-owned keys", () => {
    const event = buildExceptionEvent(new Error("x"), "u", {
      area: "checkout",
      handled: true,
      $exception_level: "debug",
      $exception_source: "django.middleware",
      $exception_list: [],
      $exception_types: ["Fake"],
    });
    expect(event.properties.area).toBe("checkout");
    expect(event.properties.handled).toBe(true);
    expect(event.properties.$exception_level).toBe("error");
    expect(event.properties).not.toHaveProperty("$exception_source");
    expect(event.properties).not.toHaveProperty("$exception_types");
    expect(event.properties.$exception_list).toHaveLength(1);
  });

  it("applies valid typed integration overrides and ignores invalid ones", () => {
    const typed = buildExceptionEvent(new Error("x"), "u", undefined, {
      level: "critical",
      mechanism: { type: "middleware", handled: false },
      source: "express.error_handler",
      fingerprint: "fp-1",
    });
    expect(typed.properties.$exception_level).toBe("fatal");
    expect(typed.properties.$exception_source).toBe("express.error_handler");
    expect(typed.properties.$exception_fingerprint).toBe("fp-1");
    expect(typed.properties.$exception_list[0]?.mechanism).toMatchObject({
      type: "middleware",
      handled: false,
    });
    const invalid = buildExceptionEvent(new Error("x"), "u", undefined, {
      level: "verbose",
      mechanism: { type: "", handled: "yes" as unknown as boolean },
      source: "",
    });
    expect(invalid.properties.$exception_level).toBe("error");
    expect(invalid.properties).not.toHaveProperty("$exception_source");
    expect(invalid.properties.$exception_list[0]?.mechanism).toEqual({
      type: "generic",
      handled: true,
      synthetic: false,
      exception_id: 0,
    });
  });

  it("keeps a custom fingerprint given as a property, and invents none", () => {
    const withFingerprint = buildExceptionEvent(new Error("x"), "u", {
      $exception_fingerprint: "my-group",
    });
    expect(withFingerprint.properties.$exception_fingerprint).toBe("my-group");
    const empty = buildExceptionEvent(new Error("x"), "u", { $exception_fingerprint: "" });
    expect(empty.properties).not.toHaveProperty("$exception_fingerprint");
  });

  it("without a distinct id, uses a fresh id and asks for no person profile", () => {
    const a = buildExceptionEvent(new Error("x"));
    const b = buildExceptionEvent(new Error("x"));
    expect(a.distinctId).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.distinctId).not.toBe(b.distinctId);
    expect(a.properties.$process_person_profile).toBe(false);
    expect(buildExceptionEvent(new Error("x"), "u").properties).not.toHaveProperty(
      "$process_person_profile",
    );
  });

  it("produces JSON that round-trips unchanged", () => {
    const event = buildExceptionEvent(new Error("x", { cause: "because" }), "u", { n: 1 });
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
    expect(event.properties.$exception_list[1]).toMatchObject({
      type: "Error",
      value: "because",
      mechanism: { type: "chained", source: "cause", synthetic: true, parent_id: 0 },
    });
  });
});
