import { spawn } from "node:child_process";
import { startTestServer } from "./packages/posthog/src/testing/index.ts";
const server = await startTestServer();
const child = spawn(process.execPath, ["--import", "tsx", "packages/posthog/conformance/main.ts"], { env: { ...process.env, PORT: "18555", POSTHOG_CONFORMANCE_MODE: "v1", POSTHOG_CONFORMANCE_COMPRESSION: process.argv[2] ?? "br" }, stdio: ["ignore", "ignore", "inherit"] });
try {
await new Promise(r => setTimeout(r, 5000));
const post = async (path: string, body: unknown) => { const r = await fetch(`http://127.0.0.1:18555${path}?test_id=t1`, { method: "POST", body: JSON.stringify(body), signal: AbortSignal.timeout(5000) }); return [r.status, await r.text()]; };
console.log(await post("/reset", {}));
console.log(await post("/init", { api_key: "phc_k", host: server.url, flush_at: 3 }));
const t0 = Date.now();
for (let i = 0; i < 3; i++) console.log(await post("/capture", { distinct_id: "u", event: "e" + i, properties: null, timestamp: null }));
await new Promise(r => setTimeout(r, 1000));
console.log("requests:", server.requests.map(r => [r.path, r.status, r.receivedAt - t0, r.headers["x-test-id"]]));
} finally {
child.kill("SIGTERM");
await server.close();
}
