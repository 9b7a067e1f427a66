import {
  Actor,
  type ActorRef,
  type ActorResult,
  type Supervision,
  type SupervisionResult,
  supervise,
} from "@tsactor/core";
import { describe, expectTypeOf, it } from "vitest";

class Greeter extends Actor<{ greeting: string }> {
  greeting = "";
  onStart(args: { greeting: string }): void {
    this.greeting = args.greeting;
  }
  greet(name: string): string {
    return `${this.greeting}, ${name}`;
  }
}

class NoArgs extends Actor {
  ping(): number {
    return 1;
  }
}

describe("supervise types", () => {
  it("types sup.ref exactly as a plain ActorRef of the class", async () => {
    const sup = supervise(Greeter, { greeting: "hi" });
    expectTypeOf(sup).toEqualTypeOf<Supervision<Greeter>>();
    expectTypeOf(sup.ref).toEqualTypeOf<ActorRef<Greeter>>();
    expectTypeOf(sup.done).resolves.toEqualTypeOf<SupervisionResult<Greeter>>();
    const reply = await sup.ref.ask("greet", "ada");
    expectTypeOf(reply.value).toEqualTypeOf<string | undefined>();
    // @ts-expect-error: greet takes a string
    void sup.ref.tell("greet", 1);
    sup.ref.kill();
  });

  it("ties args and nextArgs to the class's Args", () => {
    // @ts-expect-error: the args must be { greeting: string }
    supervise(Greeter, { greet: "hi" })?.ref.kill();
    supervise(
      Greeter,
      { greeting: "hi" },
      {
        nextArgs: (last) => {
          expectTypeOf(last).toEqualTypeOf<ActorResult<Greeter>>();
          return { greeting: last.actor?.greeting ?? "hello" };
        },
      },
    ).ref.kill();
    supervise(
      Greeter,
      { greeting: "hi" },
      {
        // @ts-expect-error: nextArgs must return the class's Args
        nextArgs: () => ({ nope: true }),
      },
    ).ref.kill();
    supervise(NoArgs).ref.kill();
  });
});
