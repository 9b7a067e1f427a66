/**
 * Parses a V8 `Error.stack` string into PostHog stack frames. V8 writes the crash site
 * first (`at boom (…)` above `at main (…)`); PostHog's spec wants frames bottom-up, the
 * entry point first and the crash site last, so the parsed frames are reversed. Only the
 * `at …` lines count: the message above them may span several lines. At most
 * {@link MAX_FRAMES} frames are kept (the innermost ones), and a line longer than 1 KiB is
 * skipped rather than run through a regular expression.
 */

import type { StackFrame } from "./types.ts";

/** The most frames kept per exception (the innermost ones). */
export const MAX_FRAMES = 50;

const MAX_LINE_LENGTH = 1024;
const UNKNOWN_FUNCTION = "?";
// "at [async ][fn ]( location )" or "at [async ]location".
const FRAME_WITH_FUNCTION = /^at (?:async )?(.+?) \((.+)\)$/;
const FRAME_WITHOUT_FUNCTION = /^at (?:async )?(.+)$/;
const LOCATION = /^(.*?):(\d+)(?::(\d+))?$/;
const EVAL_ORIGIN = /\(([^()]+:\d+:\d+)\)/;

/**
 * The frames of a V8 stack string, bottom-up (entry point first, crash site last).
 *
 * @param stack - An `Error.stack` value.
 * @returns The parsed frames; empty when no line is a frame.
 * @example
 * ```ts
 * parseV8Stack("Error: x\n    at boom (/app/a.js:2:9)\n    at main (/app/a.js:5:3)");
 * // [{ function: "main", lineno: 5, … }, { function: "boom", lineno: 2, … }]
 * ```
 */
export function parseV8Stack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const rawLine of stack.split("\n")) {
    if (rawLine.length > MAX_LINE_LENGTH) continue;
    const frame = parseLine(rawLine.trim());
    if (frame === undefined) continue;
    frames.push(frame);
    if (frames.length >= MAX_FRAMES) break;
  }
  return frames.reverse();
}

function parseLine(line: string): StackFrame | undefined {
  if (!line.startsWith("at ")) return undefined;
  const withFunction = FRAME_WITH_FUNCTION.exec(line);
  if (withFunction) return makeFrame(withFunction[1], withFunction[2] ?? "");
  const bare = FRAME_WITHOUT_FUNCTION.exec(line);
  return bare ? makeFrame(undefined, bare[1] ?? "") : undefined;
}

function makeFrame(fn: string | undefined, rawLocation: string): StackFrame {
  // `eval at f (file:1:2), <anonymous>:1:3`: point at the code that called eval.
  const location = rawLocation.startsWith("eval at ")
    ? (EVAL_ORIGIN.exec(rawLocation)?.[1] ?? rawLocation)
    : rawLocation;
  const parts = LOCATION.exec(location);
  const filename = cleanFilename(parts ? (parts[1] ?? "") : location);
  const frame: {
    platform: "node:javascript";
    filename?: string;
    function: string;
    lineno?: number;
    colno?: number;
    in_app: boolean;
  } = {
    platform: "node:javascript",
    function: fn === undefined || fn === "" ? UNKNOWN_FUNCTION : fn,
    in_app: isInApp(filename),
  };
  if (filename !== "") frame.filename = filename;
  const lineno = parts ? Number(parts[2]) : Number.NaN;
  const colno = parts?.[3] === undefined ? Number.NaN : Number(parts[3]);
  if (Number.isInteger(lineno) && lineno > 0) frame.lineno = lineno;
  if (Number.isInteger(colno) && colno > 0) frame.colno = colno;
  return frame;
}

function cleanFilename(raw: string): string {
  let name = raw.startsWith("file://") ? raw.slice("file://".length) : raw;
  // `/C:/app/x.js` → `C:/app/x.js`
  if (/^\/[A-Za-z]:\//.test(name)) name = name.slice(1);
  try {
    return decodeURI(name);
  } catch {
    return name;
  }
}

function isInApp(filename: string): boolean {
  if (filename === "" || filename === "native" || filename.startsWith("node:")) return false;
  if (filename.startsWith("<") || filename.startsWith("index ")) return false;
  return !filename.includes("/node_modules/") && !filename.includes("\\node_modules\\");
}
