/**
 * Ordering under concurrency: many senders, each awaiting its tells (and some asks) into one
 * actor with a small mailbox, so that backpressure keeps them waiting in turn. Every message
 * arrives exactly once and each sender's messages arrive in the order it sent them; actors
 * that talk to each other keep that guarantee too.
 */
import { describe, expect, it } from "vitest";
import { Actor, type ActorRef, spawn } from "../packages/core/src/index.ts";

class Collector extends Actor {
  bySender = new Map<number, number[]>();
  total = 0;

  put(message: { sender: number; seq: number }): void {
    const list = this.bySender.get(message.sender) ?? [];
    list.push(message.seq);
    this.bySender.set(message.sender, list);
    this.total += 1;
  }

  async putSlowly(message: { sender: number; seq: number }): Promise<number> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.put(message);
    return this.total;
  }
}

describe("ordering with many concurrent senders", () => {
  it("keeps each sender's order and loses nothing under backpressure", async () => {
    const senders = 25;
    const perSender = 200;
    const [collector, done] = spawn(Collector, undefined, { mailboxCapacity: 4 });
    await Promise.all(
      Array.from({ length: senders }, async (_, sender) => {
        for (let seq = 0; seq < perSender; seq++) {
          const sent =
            seq % 10 === 0
              ? await collector.ask("putSlowly", { sender, seq })
              : await collector.tell("put", { sender, seq });
          expect(sent.ok).toBe(true);
        }
      }),
    );
    await collector.stop();
    const actor = (await done).actor;
    expect(actor?.total).toBe(senders * perSender);
    for (let sender = 0; sender < senders; sender++) {
      expect(actor?.bySender.get(sender)).toEqual(Array.from({ length: perSender }, (_, i) => i));
    }
  });

  it("keeps order for unawaited tells from one sender into a roomy mailbox", async () => {
    const [collector, done] = spawn(Collector, undefined, { mailboxCapacity: 10_000 });
    for (let seq = 0; seq < 5_000; seq++) void collector.tell("put", { sender: 0, seq });
    await collector.stop();
    expect((await done).actor?.bySender.get(0)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
  });

  it("keeps order along a chain of actors", async () => {
    class Relay extends Actor<{ next: ActorRef<Relay> | ActorRef<Collector> | undefined }> {
      next: ActorRef<Relay> | ActorRef<Collector> | undefined;
      onStart(args: { next: ActorRef<Relay> | ActorRef<Collector> | undefined }): void {
        this.next = args.next;
      }
      async forward(message: { sender: number; seq: number }): Promise<void> {
        const next = this.next as ActorRef<Relay> | undefined;
        await next?.tell("forward", message);
      }
    }
    class Sink extends Relay {
      seen: number[] = [];
      override async forward(message: { sender: number; seq: number }): Promise<void> {
        this.seen.push(message.seq);
      }
    }
    const [sink, sinkDone] = spawn(Sink, { next: undefined }, { mailboxCapacity: 2 });
    let head: ActorRef<Relay> = sink;
    const relays: ActorRef<Relay>[] = [];
    for (let i = 0; i < 5; i++) {
      [head] = spawn(Relay, { next: head }, { mailboxCapacity: 2 });
      relays.unshift(head);
    }
    for (let seq = 0; seq < 300; seq++) await head.tell("forward", { sender: 0, seq });
    for (const relay of relays) {
      await relay.stop();
      await relay.waitStopped();
    }
    await sink.stop();
    expect(((await sinkDone).actor as Sink).seen).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });
});
