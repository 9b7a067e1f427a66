import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { isPostHogError, PostHogError } from "./exports.ts";

describe("PostHogError", () => {
  it("is an Error named PostHogError whose kind narrows its fields", () => {
    const error: PostHogError = new PostHogError("api", {
      status: 404,
      body: { code: "not_found" },
      code: "not_found",
      detail: "Not found.",
    });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(PostHogError);
    expect(error.name).toBe("PostHogError");
    expect(error.kind).toBe("api");
    if (error.kind === "api") expect(error.status).toBe(404);
    expect(error.message).toBe("PostHog answered 404 (not_found): Not found.");
  });

  it("makes a clear message for every kind when none is given", () => {
    const messages = [
      new PostHogError("request", { reason: "timeout" }).message,
      new PostHogError("request", { reason: "abort" }).message,
      new PostHogError("request", { reason: "network" }).message,
      new PostHogError("serialization", { direction: "request" }).message,
      new PostHogError("serialization", { direction: "response" }).message,
      new PostHogError("invalid-options", { option: "timeoutMs" }).message,
      new PostHogError("invalid-event", { field: "distinctId" }).message,
      new PostHogError("dropped", { reason: "mailbox-full" }).message,
    ];
    expect(messages).toEqual([
      "The request to PostHog timed out",
      "The request to PostHog was aborted",
      "The request to PostHog failed (network error)",
      "The request body cannot be encoded as JSON",
      "PostHog's answer is not the JSON expected",
      "Invalid option `timeoutMs`",
      "Invalid event: `distinctId`",
      "Event dropped (mailbox-full)",
    ]);
  });

  it("keeps its cause and a custom message", () => {
    const cause = new Error("socket hang up");
    const error = new PostHogError("request", { reason: "network" }, { message: "lost", cause });
    expect(error.message).toBe("lost");
    expect(error.cause).toBe(cause);
  });

  it("gives its kind and fields as plain details, and serializes without its cause", () => {
    const error = new PostHogError("invalid-event", { field: "event" }, { cause: new Error("x") });
    expect(error.details).toEqual({ kind: "invalid-event", field: "event" });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "PostHogError",
      kind: "invalid-event",
      field: "event",
    });
  });

  it("shows its public name when inspected", () => {
    expect(inspect(new PostHogError("dropped", { reason: "queue-full" }))).toMatch(
      /^PostHogError: /,
    );
  });

  describe("isPostHogError", () => {
    it("matches instances, and errors named PostHogError from another copy of the package", () => {
      const foreign = Object.assign(new Error("x"), { name: "PostHogError", kind: "api" });
      expect(isPostHogError(new PostHogError("dropped", { reason: "r" }))).toBe(true);
      expect(isPostHogError(foreign)).toBe(true);
      expect(isPostHogError(new Error("x"))).toBe(false);
      expect(isPostHogError({ name: "PostHogError", kind: "api" })).toBe(false);
      expect(isPostHogError(undefined)).toBe(false);
    });

    it("matches one kind when asked", () => {
      const error: unknown = new PostHogError("dropped", { reason: "mailbox-full" });
      expect(isPostHogError(error, "api")).toBe(false);
      expect(isPostHogError(error, "dropped")).toBe(true);
      if (isPostHogError(error, "dropped")) expect(error.reason).toBe("mailbox-full");
    });
  });
});
