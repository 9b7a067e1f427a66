import { Actor, type Deferred, deferred, isActorError, spawn } from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { collectDeadLetters, gate, settle } from "./helpers.ts";

describe("deferred replies", () => {
  it("answers the ask when the promise settles, while the mailbox keeps moving", async () => {
    const upload = gate<number>();
    class Flusher extends Actor {
      handled: string[] = [];
      flush(): Deferred<number> {
        this.handled.push("flush");
        return deferred(upload.promise);
      }
      note(label: string): void {
        this.handled.push(label);
      }
    }
    const [ref, done] = spawn(Flusher);
    const flushed = ref.ask("flush");
    await ref.tell("note", "after");
    await settle();
    expect(ref.metrics().messageCount).toBe(2);
    upload.open(42);
    expect((await flushed).value).toBe(42);
    await ref.stop();
    expect((await done).actor?.handled).toEqual(["flush", "after"]);
  });

  it("answers handler-failed on rejection without crashing the actor", async () => {
    class Failing extends Actor {
      later(): Deferred<number> {
        return deferred(Promise.reject(new Error("network down")));
      }
      ping(): string {
        return "pong";
      }
    }
    const [ref] = spawn(Failing);
    const reply = await ref.ask("later");
    expect(isActorError(reply.error, "handler-failed")).toBe(true);
    expect((reply.error?.cause as Error | undefined)?.message).toBe("network down");
    expect((await ref.ask("ping")).value).toBe("pong");
    expect(ref.isAlive()).toBe(true);
    ref.kill();
  });

  it("unwraps a deferred returned by an async handler", async () => {
    class Nested extends Actor {
      async later(): Promise<Deferred<string>> {
        await Promise.resolve();
        return deferred(Promise.resolve("ok"));
      }
    }
    const [ref] = spawn(Nested);
    expect((await ref.ask("later")).value).toBe("ok");
    ref.kill();
  });

  it("does not make stopping wait, and answers stopped when still unsettled at the end", async () => {
    const letters = collectDeadLetters();
    const never = gate<number>();
    class Hanging extends Actor {
      later(): Deferred<number> {
        return deferred(never.promise);
      }
    }
    const [ref, done] = spawn(Hanging);
    const reply = ref.ask("later");
    await settle();
    await ref.stop();
    const result = await done;
    expect(result.status).toBe("completed");
    expect(isActorError((await reply).error, "stopped")).toBe(true);
    never.open(1);
    await settle();
    letters.stop();
    expect(letters.letters.map((l) => [l.name, l.payload, l.reason])).toEqual([
      ["later", 1, "reply-dropped"],
    ]);
  });

  it("lets onStop settle deferred replies before the end", async () => {
    let settleNow: (value: number) => void = () => {};
    class Draining extends Actor {
      later(): Deferred<number> {
        return deferred(
          new Promise<number>((resolve) => {
            settleNow = resolve;
          }),
        );
      }
      onStop(): void {
        settleNow(7);
      }
    }
    const [ref, done] = spawn(Draining);
    const reply = ref.ask("later");
    await settle();
    await ref.stop();
    await done;
    expect((await reply).value).toBe(7);
  });

  it("ignores a deferred returned to a tell, even a rejected one", async () => {
    class Teller extends Actor {
      fire(): Deferred<void> {
        return deferred(Promise.reject(new Error("ignored")));
      }
    }
    const [ref, done] = spawn(Teller);
    await ref.tell("fire");
    await settle();
    expect(ref.isAlive()).toBe(true);
    await ref.stop();
    expect((await done).status).toBe("completed");
  });
});
