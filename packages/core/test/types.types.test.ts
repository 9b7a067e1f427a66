import {
  Actor,
  type ActorError,
  type ActorRef,
  type ActorResult,
  type ActorWeak,
  type Deferred,
  deferred,
  type HandlerName,
  type JoinHandle,
  type SpawnOptions,
  spawn,
  type Unprocessed,
} from "@tsactor/core";
import type { Result } from "typescript-result";
import { describe, expectTypeOf, it } from "vitest";

class Counter extends Actor<{ start: number }> {
  count = 0;
  #secret = 1;

  async onStart(args: { start: number }, _ref: ActorRef<Counter>): Promise<void> {
    this.count = args.start + this.#secret;
  }

  onStop(_self: ActorWeak<Counter>, _killed: boolean, _unprocessed: Unprocessed): void {}

  increment(by: number): number {
    this.count += by;
    return this.count;
  }

  get_(): number {
    return this.count;
  }

  async load(key: string): Promise<string> {
    return key;
  }

  later(ms: number): Deferred<boolean> {
    return deferred(Promise.resolve(ms > 0));
  }

  validate(n: number): Result<number, "negative"> {
    return n < 0 ? ({} as Result<number, "negative">) : ({} as Result<number, "negative">);
  }

  maybe(n?: number): number {
    return n ?? 0;
  }

  withRef(n: number, self: ActorRef<Counter>): string {
    return `${n}${String(self)}`;
  }

  arrow = (text: string): number => text.length;

  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: proves a private method is no message
  private hidden(): void {}
}

class Idle extends Actor {}

describe("ActorRef types", () => {
  const [counter] = spawn(Counter, { start: 0 });

  it("lists public methods and function fields as handler names, without hooks or fields", () => {
    expectTypeOf<HandlerName<Counter>>().toEqualTypeOf<
      "increment" | "get_" | "load" | "later" | "validate" | "maybe" | "withRef" | "arrow"
    >();
  });

  it("types ask replies from the handler's return type", () => {
    expectTypeOf(counter.ask("increment", 1)).toEqualTypeOf<Promise<Result<number, ActorError>>>();
    expectTypeOf(counter.ask("get_")).toEqualTypeOf<Promise<Result<number, ActorError>>>();
    expectTypeOf(counter.ask("load", "k")).toEqualTypeOf<Promise<Result<string, ActorError>>>();
    expectTypeOf(counter.ask("arrow", "abc")).toEqualTypeOf<Promise<Result<number, ActorError>>>();
  });

  it("unwraps a deferred reply to its promise's value", () => {
    expectTypeOf(counter.ask("later", 5)).toEqualTypeOf<Promise<Result<boolean, ActorError>>>();
  });

  it("keeps a handler's own Result as the inner value", () => {
    expectTypeOf(counter.ask("validate", 1)).toEqualTypeOf<
      Promise<Result<Result<number, "negative">, ActorError>>
    >();
  });

  it("types tell and tryTell", () => {
    expectTypeOf(counter.tell("increment", 1)).toEqualTypeOf<Promise<Result<void, ActorError>>>();
    expectTypeOf(counter.tryTell("increment", 1)).toEqualTypeOf<Result<void, ActorError>>();
  });

  it("accepts options after the payload, and an explicit undefined for no payload", () => {
    void counter.tell("increment", 1, { timeout: 10, priority: true });
    void counter.ask("get_", undefined, { timeout: 10 });
    void counter.ask("maybe");
    void counter.ask("maybe", 2);
    void counter.ask("withRef", 3);
  });

  it("rejects wrong names and payloads at compile time", () => {
    // @ts-expect-error: no such handler
    void counter.tell("nope", 1);
    // @ts-expect-error: wrong payload type
    void counter.tell("increment", "one");
    // @ts-expect-error: missing payload
    void counter.ask("increment");
    // @ts-expect-error: a hook is not a message
    void counter.ask("onStart", { start: 1 });
    // @ts-expect-error: a private method is not a message
    void counter.tell("hidden");
    // @ts-expect-error: a field is not a message
    void counter.tell("count");
    // @ts-expect-error: a handler without a payload takes none
    counter.tryTell("get_", 5);
    // @ts-expect-error: the ref parameter is not a payload
    void counter.ask("withRef", 1, counter);
  });

  it("types downgrade and upgrade", () => {
    expectTypeOf(counter.downgrade()).toEqualTypeOf<ActorWeak<Counter>>();
    expectTypeOf(counter.downgrade().upgrade()).toEqualTypeOf<ActorRef<Counter> | undefined>();
  });
});

describe("spawn types", () => {
  it("returns a typed ref and join handle", () => {
    const spawned = spawn(Counter, { start: 1 });
    expectTypeOf(spawned).toEqualTypeOf<[ActorRef<Counter>, JoinHandle<Counter>]>();
    expectTypeOf(spawned[1]).toMatchTypeOf<Promise<ActorResult<Counter>>>();
  });

  it("ties the arguments to the class", () => {
    spawn(Counter, { start: 1 }, { name: "c" });
    spawn(Idle);
    spawn(Idle, undefined, { mailboxCapacity: 4 });
    // @ts-expect-error: wrong argument type
    spawn(Counter, { start: "1" });
    // @ts-expect-error: missing arguments
    spawn(Counter);
    // @ts-expect-error: unknown option
    spawn(Idle, undefined, { capacity: 4 });
  });

  it("checks the shapes of the hooks a class defines", () => {
    class BadStart extends Actor<{ start: number }> {
      onStart(args: { start: number; extra: string }): void {
        void args;
      }
    }
    class BadStop extends Actor {
      onStop(_self: ActorWeak<BadStop>, killed: string): void {
        void killed;
      }
    }
    class BadRun extends Actor {
      onRun(signal: AbortSignal): void {
        void signal;
      }
    }
    // @ts-expect-error: onStart wants more than Args
    spawn(BadStart, { start: 1 });
    // @ts-expect-error: onStop's second parameter is a boolean
    spawn(BadStop);
    // @ts-expect-error: onRun's first parameter is the weak self
    spawn(BadRun);
  });

  it("refuses classes that do not extend Actor", () => {
    class NotAnActor {
      work(): void {}
    }
    // @ts-expect-error: not an Actor
    spawn(NotAnActor);
  });

  it("accepts static spawnOptions", () => {
    class Deep extends Actor {
      static spawnOptions: SpawnOptions = { mailboxCapacity: 1024 };
    }
    expectTypeOf(spawn(Deep)[0]).toEqualTypeOf<ActorRef<Deep>>();
  });
});
