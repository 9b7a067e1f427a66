/**
 * Property tests of the core runtime: random interleavings of tell, tryTell, ask (with and
 * without timeouts), stop and kill against one actor with a small mailbox, whose handlers are
 * sync, async or crashing. Whatever happens, every message is accounted for exactly once
 * (handled, reported unprocessed, or refused to its sender), handling follows acceptance order,
 * and every ask and the JoinHandle resolve.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Actor,
  type ActorRef,
  type ActorResult,
  actorEvents,
  type DeadLetter,
  spawn,
} from "../packages/core/src/index.ts";

type Behaviour = "sync" | "async" | "crash";

interface Message {
  readonly id: number;
  readonly behaviour: Behaviour;
}

class Subject extends Actor {
  handled: number[] = [];

  work(message: Message): number | Promise<number> {
    this.handled.push(message.id);
    if (message.behaviour === "crash") throw new Error(`crash at ${message.id}`);
    if (message.behaviour === "async") {
      return new Promise((resolve) => setImmediate(() => resolve(message.id)));
    }
    return message.id;
  }
}

type Command =
  | { readonly op: "tell" | "tryTell" | "ask"; readonly behaviour: Behaviour }
  | {
      readonly op: "tellTimeout" | "askTimeout";
      readonly behaviour: Behaviour;
      readonly ms: number;
    }
  | { readonly op: "stop" | "kill" | "pause" };

const behaviour = fc.constantFrom<Behaviour>("sync", "sync", "sync", "async", "async", "crash");
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("tell" as const), behaviour }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("tryTell" as const), behaviour }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("ask" as const), behaviour }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom("tellTimeout" as const, "askTimeout" as const),
      behaviour,
      ms: fc.integer({ min: 0, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constantFrom("stop" as const, "kill" as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("pause" as const) }) },
);

/** The part of a `Result` these checks read. */
type Settled = { readonly ok: boolean; readonly error?: unknown };
type Outcome = { readonly id: number; readonly kind: "tell" | "ask"; readonly result: Settled };

async function run(capacity: number, commands: readonly Command[]) {
  const letters: DeadLetter[] = [];
  const onLetter = (letter: DeadLetter): void => {
    letters.push(letter);
  };
  actorEvents.on("dead-letter", onLetter);
  const [ref, done] = spawn(Subject, undefined, { mailboxCapacity: capacity });
  const pending: Array<Promise<Outcome>> = [];
  const sent: number[] = [];
  let next = 0;
  const send = (
    target: ActorRef<Subject>,
    kind: "tell" | "ask",
    promise: Promise<Settled>,
    id: number,
  ): void => {
    pending.push(promise.then((result) => ({ id, kind, result })));
    void target;
  };
  for (const c of commands) {
    switch (c.op) {
      case "pause":
        await new Promise<void>((resolve) => setImmediate(resolve));
        break;
      case "stop":
        void ref.stop();
        break;
      case "kill":
        ref.kill();
        break;
      default: {
        const id = next++;
        sent.push(id);
        const message: Message = { id, behaviour: c.behaviour };
        const timeout = "ms" in c ? c.ms : 0;
        if (c.op === "tell") send(ref, "tell", ref.tell("work", message), id);
        else if (c.op === "tryTell")
          send(ref, "tell", Promise.resolve(ref.tryTell("work", message)), id);
        else if (c.op === "ask") send(ref, "ask", ref.ask("work", message), id);
        else if (c.op === "tellTimeout")
          send(ref, "tell", ref.tell("work", message, { timeout }), id);
        else send(ref, "ask", ref.ask("work", message, { timeout }), id);
      }
    }
  }
  void ref.stop();
  const result: ActorResult<Subject> = await done;
  const outcomes = await Promise.all(pending);
  await new Promise((resolve) => setTimeout(resolve, 5));
  actorEvents.off("dead-letter", onLetter);
  return { result, outcomes, sent, letters };
}

describe("random interleavings of tell, ask, stop and kill", () => {
  it("never lose or duplicate an accepted message and always resolve every ask and the JoinHandle", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(command, { minLength: 1, maxLength: 40 }),
        async (capacity, commands) => {
          const { result, outcomes, sent, letters } = await run(capacity, commands);
          const handled = result.actor?.handled ?? [];
          const unprocessed = result.unprocessed.map((m) => (m.payload as Message).id);

          // Handled at most once, in the order the messages were accepted.
          expect(new Set(handled).size).toBe(handled.length);
          expect([...handled].sort((a, b) => a - b)).toEqual(handled);
          // Never both handled and reported unprocessed.
          expect(handled.filter((id) => unprocessed.includes(id))).toEqual([]);

          for (const { id, kind, result: r } of outcomes) {
            const wasHandled = handled.includes(id);
            const wasUnprocessed = unprocessed.includes(id);
            if (r.ok) {
              // Accepted: handled, or reported unprocessed (a tell queued when the actor ended).
              if (kind === "ask") expect(wasHandled).toBe(true);
              else expect(wasHandled || wasUnprocessed).toBe(true);
              continue;
            }
            const errorKind = (r.error as { kind?: string }).kind;
            if (errorKind === "handler-failed") {
              expect(wasHandled).toBe(true);
            } else if (errorKind === "timeout") {
              // Timed out while waiting for room (never queued), or after being queued.
              const letter = letters.find((l) => (l.payload as Message | undefined)?.id === id);
              if (letter?.reason === "timeout") expect(wasHandled || wasUnprocessed).toBe(false);
            } else {
              expect(["stopped", "mailbox-full"]).toContain(errorKind);
              // Refused or discarded: never handled.
              expect(wasHandled).toBe(false);
            }
          }

          // Every sent message is accounted for exactly once.
          const refused = outcomes.filter(
            (o) => !o.result.ok && !handled.includes(o.id) && !unprocessed.includes(o.id),
          );
          for (const id of sent) {
            const count =
              (handled.includes(id) ? 1 : 0) +
              (unprocessed.includes(id) ? 1 : 0) +
              (refused.some((o) => o.id === id) ? 1 : 0);
            expect(count).toBe(1);
          }
          // Unprocessed messages were reported as dead letters too.
          for (const id of unprocessed) {
            expect(
              letters.some(
                (l) => l.reason === "discarded-at-shutdown" && (l.payload as Message).id === id,
              ),
            ).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
