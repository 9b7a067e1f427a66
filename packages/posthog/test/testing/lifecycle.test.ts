import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startTestServer } from "../../src/testing/index.ts";
import { anEvent, batchBody, post, read } from "./helpers.ts";

const watched = ["TCPServerWrap", "TCPSocketWrap", "Timeout"];

function handleCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (watched.includes(kind)) counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

function runNode(args: string[]): {
  child: ReturnType<typeof spawn>;
  exit: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, exit };
}

describe("test server lifecycle", () => {
  it("listens on 127.0.0.1 and a free port by default", async () => {
    const server = await startTestServer();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.port).toBeGreaterThan(0);
      expect(server.listening).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("close() leaves no server, socket or timer handle behind", async () => {
    const before = handleCounts();
    const server = await startTestServer();
    await post(`${server.url}/batch/`, batchBody([anEvent()]));
    server.setFaults({
      kind: "sequence",
      steps: [
        { kind: "delay", ms: 60_000 },
        { kind: "slow-body", intervalMs: 60_000 },
      ],
    });
    const failure = (error: unknown) => (error instanceof Error ? error.message : "not an error");
    const body = JSON.stringify(batchBody([anEvent()]));
    const delayed = fetch(`${server.url}/batch/`, { method: "POST", body }).then(
      () => "answered",
      failure,
    );
    const slow = fetch(`${server.url}/batch/`, { method: "POST", body })
      .then((response) => response.text())
      .then(() => "answered", failure);
    const waiting = server.waitForEvents(10, { timeoutMs: 60_000 }).then(() => "resolved", failure);
    await server.waitForRequests(3);
    expect(handleCounts().TCPServerWrap ?? 0).toBeGreaterThan(before.TCPServerWrap ?? 0);

    await server.close();
    expect(await delayed).toBe("fetch failed");
    expect(await slow).toBe("terminated");
    expect(await waiting).toBe("the test server closed while waiting");
    const after = handleCounts();
    for (const kind of watched)
      expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
  });

  it("close() can be called twice, and the server cannot listen again after it", async () => {
    const server = await startTestServer();
    await server.close();
    await server.close();
    expect(server.listening).toBe(false);
    await expect(server.reachable()).rejects.toThrow("closed");
  });

  it("lets a process that used and closed it exit by itself", async () => {
    const script = fileURLToPath(new URL("./fixtures/exits-by-itself.ts", import.meta.url));
    const { exit } = runNode([script]);
    const result = await exit;
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('["closed","closed","closed"]\ndone\n');
  });
});

describe("test server CLI", () => {
  it("prints its URL as one JSON line, serves control routes, and stops on SIGTERM", async () => {
    const cli = fileURLToPath(new URL("../../src/testing/cli.ts", import.meta.url));
    const { child, exit } = runNode([cli, "--port", "0", "--max-event-bytes", "2000"]);
    const line = await new Promise<string>((resolve, reject) => {
      let buffered = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        buffered += chunk.toString();
        const end = buffered.indexOf("\n");
        if (end >= 0) resolve(buffered.slice(0, end));
      });
      child.once("exit", () => reject(new Error("the CLI exited before printing its URL")));
    });
    const { url, port, pid } = JSON.parse(line) as { url: string; port: number; pid: number };
    expect(url).toBe(`http://127.0.0.1:${port}`);
    expect(pid).toBe(child.pid);

    const faults = await fetch(`${url}/_test/faults`, {
      method: "PUT",
      body: JSON.stringify({ kind: "sequence", steps: [503] }),
    });
    expect(faults.status).toBe(200);
    expect((await post(`${url}/batch/`, batchBody([anEvent()]))).status).toBe(503);
    expect((await post(`${url}/batch/`, batchBody([anEvent()]))).status).toBe(200);
    const big = anEvent({ properties: { blob: "x".repeat(3_000) } });
    expect((await post(`${url}/batch/`, batchBody([big]))).status).toBe(413);
    const stats = await read(await fetch(`${url}/_test/stats`));
    expect(stats.json).toMatchObject({
      requests: 3,
      events: 1,
      statuses: { 200: 1, 413: 1, 503: 1 },
    });
    const events = await read(await fetch(`${url}/_test/events`));
    expect((events.json as { events: unknown[] }).events).toHaveLength(1);
    const requests = await read(await fetch(`${url}/_test/requests`));
    expect(
      (requests.json as { requests: { status: number }[] }).requests.map((r) => r.status),
    ).toEqual([503, 200, 413]);
    expect((await fetch(`${url}/_test/reset`, { method: "POST" })).status).toBe(200);
    expect((await read(await fetch(`${url}/_test/stats`))).json).toMatchObject({ requests: 0 });

    child.kill("SIGTERM");
    expect((await exit).code).toBe(0);
  });

  it("stops when its stdin ends with --exit-on-stdin-end", async () => {
    const cli = fileURLToPath(new URL("../../src/testing/cli.ts", import.meta.url));
    const { child, exit } = runNode([cli, "--exit-on-stdin-end"]);
    await new Promise((resolve) => child.stdout?.once("data", resolve));
    child.stdin?.end();
    expect((await exit).code).toBe(0);
  });

  it("refuses a bad option with a message and exit code 1", async () => {
    const cli = fileURLToPath(new URL("../../src/testing/cli.ts", import.meta.url));
    const result = await runNode([cli, "--record", "everything"]).exit;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--record must be "all" or "counts"');
  });
});

describe("control routes", () => {
  it("are served only with the control option", async () => {
    const plain = await startTestServer();
    const controlled = await startTestServer({ control: true });
    try {
      expect((await fetch(`${plain.url}/_test/stats`)).status).toBe(404);
      expect((await fetch(`${controlled.url}/_test/stats`)).status).toBe(200);
      expect(controlled.requests).toEqual([]);
      const flags = await fetch(`${controlled.url}/_test/flags`, {
        method: "PUT",
        body: JSON.stringify({ flags: { beta: true } }),
      });
      expect(flags.status).toBe(200);
      const answer = await post(`${controlled.url}/flags?v=2`, { token: "phc", distinct_id: "u" });
      expect(answer.json).toMatchObject({ flags: { beta: { enabled: true } } });
      expect((await fetch(`${controlled.url}/_test/faults`, { method: "DELETE" })).status).toBe(
        200,
      );
    } finally {
      await plain.close();
      await controlled.close();
    }
  });
});
