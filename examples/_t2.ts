import { Actor, spawn } from "@tsactor/core";
import { supervise } from "/work/main/packages/core/src/supervision/supervise.ts";
class C extends Actor { crash(): void { throw new Error("x"); } echo(x: number) { return x; } }
const sup = supervise(C, undefined, { maxRestarts: 100000, withinMs: 1, backoff: { initialMs: 0 } });
for (let k = 0; k < 3; k++) {
  let t0 = performance.now();
  for (let i = 0; i < 2000; i++) { await sup.ref.ask("crash"); await sup.ref.ask("echo", i); }
  console.log("sup round", ((performance.now() - t0) / 2000 * 1000).toFixed(1), "µs");
  t0 = performance.now();
  for (let i = 0; i < 2000; i++) { const [r, d] = spawn(C); await r.ask("crash"); await d; }
  console.log("spawn+crash+join", ((performance.now() - t0) / 2000 * 1000).toFixed(1), "µs");
}
await sup.stop();
