import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Actor, type ActorRef, type ActorWeak, spawn } from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { settle } from "./helpers.ts";

/** `globalThis.gc` (node --expose-gc), or one obtained at run time when the flag did not reach
 * this worker process. */
function obtainGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

const gc = obtainGc();
const withGc = gc === undefined ? it.skip : it;
if (gc === undefined) {
  console.warn("gc.test.ts: skipped, no gc available; run node with --expose-gc");
}

/** Collects garbage and lets finalizers and the resulting stop run, until `done()` or a limit. */
async function collectUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !done(); i++) {
    gc?.();
    await settle(2);
  }
}

class Worker extends Actor {
  handled = 0;
  stopped: boolean | undefined;
  work(): void {
    this.handled += 1;
  }
  onStop(_self: ActorWeak<Worker>, killed: boolean): void {
    this.stopped = killed;
  }
}

describe("garbage-collection stop", () => {
  withGc("stops an actor gracefully once every strong ref has been collected", async () => {
    let ended = false;
    const done = (() => {
      const [ref, join] = spawn(Worker);
      void ref.tell("work");
      void ref.tell("work");
      return join;
    })();
    void done.then(() => {
      ended = true;
    });
    await collectUntil(() => ended);
    const result = await done;
    expect(result.status).toBe("completed");
    expect(result.killed).toBe(false);
    expect(result.actor?.handled).toBe(2);
    expect(result.actor?.stopped).toBe(false);
  });

  withGc("keeps running while a strong ref is held, but not for a weak one", async () => {
    let ended = false;
    const [held, heldDone] = spawn(Worker);
    void heldDone.then(() => {
      ended = true;
    });
    const weak = (() => spawn(Worker)[0].downgrade())();
    await collectUntil(() => !weak.isAlive());
    expect(weak.isAlive()).toBe(false);
    expect(weak.upgrade()).toBeUndefined();
    expect(ended).toBe(false);
    expect(held.isAlive()).toBe(true);
    held.kill();
  });

  withGc("is not prevented by a long-running onRun that holds only its weak self", async () => {
    class Poller extends Actor {
      ticks = 0;
      async onRun(self: ActorWeak<Poller>, signal: AbortSignal): Promise<void> {
        while (!signal.aborted) {
          self.upgrade()?.tryTell("tick");
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }
      tick(): void {
        this.ticks += 1;
      }
    }
    let ended = false;
    const done = (() => spawn(Poller)[1])();
    void done.then(() => {
      ended = true;
    });
    await collectUntil(() => ended);
    expect((await done).status).toBe("completed");
  });

  withGc("counts refs handed to handlers and kept elsewhere as strong", async () => {
    let kept: ActorRef<Keeper> | undefined;
    class Keeper extends Actor {
      share(_payload: undefined, self: ActorRef<Keeper>): void {
        kept = self;
      }
    }
    let ended = false;
    const { done } = await (async () => {
      const [ref, join] = spawn(Keeper);
      await ref.tell("share");
      await settle();
      return { done: join };
    })();
    void done.then(() => {
      ended = true;
    });
    await collectUntil(() => ended);
    expect(ended).toBe(false);
    expect(kept?.isAlive()).toBe(true);
    kept?.kill();
  });
});
