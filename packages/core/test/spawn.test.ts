import {
  Actor,
  type ActorRef,
  DEFAULT_MAILBOX_CAPACITY,
  type SpawnOptions,
  spawn,
  stoppedNormally,
} from "@tsactor/core";
import { describe, expect, it } from "vitest";
import { settle } from "./helpers.ts";

class Counter extends Actor<{ start: number }> {
  count = 0;
  started = false;

  onStart(args: { start: number }): void {
    this.count = args.start;
    this.started = true;
  }

  increment(by: number): number {
    this.count += by;
    return this.count;
  }
}

class Sink extends Actor {
  seen: number[] = [];
  put(n: number): void {
    this.seen.push(n);
  }
}

/** Fills a mailbox that nothing drains yet and reports how many tells it took. */
function capacityOf(ref: ActorRef<Sink>): number {
  let accepted = 0;
  while (ref.tryTell("put", accepted).ok) accepted += 1;
  return accepted;
}

describe("spawn", () => {
  it("returns a ref and a join handle that resolves with the final actor", async () => {
    const [counter, done] = spawn(Counter, { start: 10 });
    const reply = await counter.ask("increment", 5);
    expect(reply.ok && reply.value).toBe(15);
    await counter.stop();
    const result = await done;
    expect(result.status).toBe("completed");
    expect(result.actor?.count).toBe(15);
    expect(stoppedNormally(result)).toBe(true);
  });

  it("runs onStart asynchronously, before any message is handled", async () => {
    const [counter, done] = spawn(Counter, { start: 3 });
    const reply = counter.ask("increment", 1);
    expect((await reply).value).toBe(4);
    counter.kill();
    expect((await done).actor?.started).toBe(true);
  });

  it("gives every actor a unique increasing id and the class name by default", async () => {
    const [a] = spawn(Sink);
    const [b] = spawn(Sink);
    expect(b.identity().id).toBeGreaterThan(a.identity().id);
    expect(a.identity().name).toBe("Sink");
    expect(String(a.identity())).toBe(`Sink(#${a.identity().id})`);
    expect(a.identity()).toBe(a.identity());
    a.kill();
    b.kill();
  });

  it("uses the name option in the identity", () => {
    const [ref] = spawn(Sink, undefined, { name: "ingest" });
    expect(String(ref.identity())).toBe(`ingest(#${ref.identity().id})`);
    expect(String(ref)).toBe(`ActorRef(ingest(#${ref.identity().id}))`);
    ref.kill();
  });

  it("defaults the mailbox capacity to 32", async () => {
    expect(DEFAULT_MAILBOX_CAPACITY).toBe(32);
    class Starting extends Sink {
      async onStart(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const [ref] = spawn(Starting);
    expect(capacityOf(ref)).toBe(32);
    ref.kill();
  });

  it("merges static spawnOptions with the given options field by field", () => {
    class Deep extends Sink {
      static spawnOptions: SpawnOptions = { mailboxCapacity: 5, name: "deep" };
      async onStart(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    const [plain] = spawn(Deep);
    expect(capacityOf(plain)).toBe(5);
    expect(plain.identity().name).toBe("deep");
    const [renamed] = spawn(Deep, undefined, { name: "other" });
    expect(capacityOf(renamed)).toBe(5);
    expect(renamed.identity().name).toBe("other");
    const [resized] = spawn(Deep, undefined, { mailboxCapacity: 2 });
    expect(capacityOf(resized)).toBe(2);
    expect(resized.identity().name).toBe("deep");
    for (const ref of [plain, renamed, resized]) ref.kill();
  });

  it("inherits a parent class's static spawnOptions", () => {
    class Parent extends Sink {
      static spawnOptions: SpawnOptions = { mailboxCapacity: 3 };
      async onStart(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    class Child extends Parent {}
    const [ref] = spawn(Child);
    expect(capacityOf(ref)).toBe(3);
    expect(ref.identity().name).toBe("Child");
    ref.kill();
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "8"])(
    "throws a RangeError for mailboxCapacity %s",
    (value) => {
      expect(() => spawn(Sink, undefined, { mailboxCapacity: value as number })).toThrow(
        RangeError,
      );
      expect(() => spawn(Sink, undefined, { mailboxCapacity: value as number })).toThrow(
        /mailboxCapacity must be an integer >= 1, received/,
      );
    },
  );

  it("throws a RangeError for an invalid priorityCapacity", () => {
    expect(() => spawn(Sink, undefined, { priority: true, priorityCapacity: 0 })).toThrow(
      /priorityCapacity must be an integer >= 1, received 0/,
    );
  });

  it("throws a RangeError at spawn for invalid static spawnOptions", () => {
    class Broken extends Sink {
      static spawnOptions: SpawnOptions = { mailboxCapacity: 0 };
    }
    expect(() => spawn(Broken)).toThrow(RangeError);
  });

  it("keeps handling after spawn without any hook", async () => {
    const [sink, done] = spawn(Sink);
    for (let i = 0; i < 5; i++) await sink.tell("put", i);
    await sink.stop();
    expect((await done).actor?.seen).toEqual([0, 1, 2, 3, 4]);
  });

  it("accepts a large capacity without allocating it up front", async () => {
    const [sink, done] = spawn(Sink, undefined, { mailboxCapacity: 10_000_000 });
    sink.tryTell("put", 1);
    await settle();
    expect(sink.metrics().messageCount).toBe(1);
    await sink.stop();
    await done;
  });
});
