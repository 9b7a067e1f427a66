import { describe, expect, it } from "vitest";
import { MAX_FRAMES, parseV8Stack } from "../../src/exceptions/stack-frames.ts";

const STACK = [
  "TypeError: boom",
  "second line of the message",
  "    at boom (file:///app/src/a.mjs:2:24)",
  "    at async Handler.handle (/app/src/handler.ts:30:5)",
  "    at new Server (/app/node_modules/srv/index.js:7:1)",
  "    at Array.map (<anonymous>)",
  "    at /app/src/main.ts:5:7",
  "    at ModuleJob.run (node:internal/modules/esm/module_job:325:25)",
].join("\n");

describe("parseV8Stack", () => {
  it("orders frames bottom-up: the entry point first, the crash site last", () => {
    const frames = parseV8Stack(STACK);
    expect(frames.map((f) => f.function)).toEqual([
      "ModuleJob.run",
      "?",
      "Array.map",
      "new Server",
      "Handler.handle",
      "boom",
    ]);
  });

  it("reads file, line and column, and strips file:// from the file", () => {
    const frames = parseV8Stack(STACK);
    expect(frames.at(-1)).toEqual({
      platform: "node:javascript",
      filename: "/app/src/a.mjs",
      function: "boom",
      lineno: 2,
      colno: 24,
      in_app: true,
    });
    expect(frames[1]).toMatchObject({ filename: "/app/src/main.ts", lineno: 5, colno: 7 });
  });

  it("marks Node internals, node_modules and native frames as not in the app", () => {
    const byFunction = new Map(parseV8Stack(STACK).map((f) => [f.function, f]));
    expect(byFunction.get("ModuleJob.run")?.in_app).toBe(false);
    expect(byFunction.get("new Server")?.in_app).toBe(false);
    expect(byFunction.get("Array.map")).toEqual({
      platform: "node:javascript",
      filename: "<anonymous>",
      function: "Array.map",
      in_app: false,
    });
    expect(byFunction.get("Handler.handle")?.in_app).toBe(true);
  });

  it("points an eval frame at the code that called eval", () => {
    const [frame] = parseV8Stack(
      "Error: ev\n    at f (eval at <anonymous> (file:///app/x.mjs:9:7), <anonymous>:1:21)",
    );
    expect(frame).toMatchObject({ function: "f", filename: "/app/x.mjs", lineno: 9, colno: 7 });
  });

  it("parses the stack of a real error thrown through a call chain", () => {
    function boom(): never {
      throw new Error("x");
    }
    function handler(): void {
      boom();
    }
    function main(): void {
      handler();
    }
    let stack = "";
    try {
      main();
    } catch (error) {
      stack = (error as Error).stack ?? "";
    }
    const names = parseV8Stack(stack).map((f) => f.function);
    expect(names.at(-1)).toBe("boom");
    expect(names.indexOf("main")).toBeLessThan(names.indexOf("handler"));
    expect(names.indexOf("handler")).toBeLessThan(names.indexOf("boom"));
  });

  it("keeps at most MAX_FRAMES frames, the innermost ones", () => {
    const lines = ["Error: deep"];
    for (let i = 0; i < MAX_FRAMES + 20; i++) lines.push(`    at f${i} (/app/a.js:${i + 1}:1)`);
    const frames = parseV8Stack(lines.join("\n"));
    expect(frames).toHaveLength(MAX_FRAMES);
    expect(frames.at(-1)?.function).toBe("f0");
    expect(frames[0]?.function).toBe(`f${MAX_FRAMES - 1}`);
  });

  it("ignores lines that are not frames, and over-long lines", () => {
    const long = `    at ${"x".repeat(2000)} (/app/a.js:1:1)`;
    expect(parseV8Stack(`Error: nothing here\n${long}\nat`)).toEqual([]);
  });
});
