import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const tsx = fileURLToPath(new URL("../../../../node_modules/.bin/tsx", import.meta.url));
const script = fileURLToPath(new URL("./fixtures/armed-and-forgotten.ts", import.meta.url));

describe("timers and the process", () => {
  it("never keep a process alive whose work is done, even with actors still running", async () => {
    const outcome = await new Promise<{ code: number | null; signal: string | null; out: string }>(
      (resolve) => {
        execFile(tsx, [script], { timeout: 20_000 }, (error, stdout) => {
          resolve({
            code: error === null ? 0 : ((error as { code?: number }).code ?? null),
            signal: error === null ? null : ((error as { signal?: string }).signal ?? null),
            out: stdout,
          });
        });
      },
    );
    expect(outcome.signal).toBeNull(); // not killed by the timeout: it exited by itself
    expect(outcome.code).toBe(0);
    expect(outcome.out).toContain("armed true true");
  });
});
