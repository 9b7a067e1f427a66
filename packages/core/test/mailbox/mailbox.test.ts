import { describe, expect, it } from "vitest";
import { Mailbox } from "../../src/mailbox/mailbox.ts";
import type { Slot2 } from "../../src/mailbox/ring.ts";
import type { Waiter } from "../../src/mailbox/waiter.ts";

type Head = { readonly hasPayload: boolean; readonly label: string };
const head = (label: string): Head => ({ hasPayload: false, label });

function waiter(label: string, priority = false): Waiter<Head> & { admitted: boolean } {
  return {
    head: head(label),
    payload: undefined,
    priority,
    waiting: false,
    admitted: false,
    admit() {
      this.admitted = true;
    },
  };
}

function take(mailbox: Mailbox<Head>): string | undefined {
  const out: Slot2<Head> = { a: undefined, b: undefined };
  return mailbox.take(out) ? out.a?.label : undefined;
}

describe("Mailbox", () => {
  it("bounds each channel and drains priority first", () => {
    const mailbox = new Mailbox<Head>(2, 1);
    expect(mailbox.offer(head("r1"), undefined, false)).toBe(true);
    expect(mailbox.offer(head("r2"), undefined, false)).toBe(true);
    expect(mailbox.offer(head("r3"), undefined, false)).toBe(false);
    expect(mailbox.offer(head("p1"), undefined, true)).toBe(true);
    expect(mailbox.offer(head("p2"), undefined, true)).toBe(false);
    expect(mailbox.size).toBe(3);
    expect([take(mailbox), take(mailbox), take(mailbox), take(mailbox)]).toEqual([
      "p1",
      "r1",
      "r2",
      undefined,
    ]);
  });

  it("gives a freed slot to the oldest waiter of that channel", () => {
    const mailbox = new Mailbox<Head>(1, 1);
    mailbox.offer(head("r1"), undefined, false);
    const w1 = waiter("w1");
    const w2 = waiter("w2");
    mailbox.wait(w1);
    mailbox.wait(w2);
    expect(take(mailbox)).toBe("r1");
    expect(w1.admitted).toBe(true);
    expect(w2.admitted).toBe(false);
    expect(take(mailbox)).toBe("w1");
    expect(take(mailbox)).toBe("w2");
    expect(w2.admitted).toBe(true);
  });

  it("skips withdrawn waiters and reports when none is left", async () => {
    const mailbox = new Mailbox<Head>(1, 1);
    mailbox.offer(head("r1"), undefined, false);
    const w1 = waiter("w1");
    const w2 = waiter("w2");
    mailbox.wait(w1);
    mailbox.wait(w2);
    let gone = false;
    void mailbox.whenWaitersGone()?.then(() => {
      gone = true;
    });
    expect(mailbox.cancel(w1)).toBe(true);
    expect(mailbox.cancel(w1)).toBe(false);
    take(mailbox);
    await Promise.resolve();
    expect(w2.admitted).toBe(true);
    expect(gone).toBe(true);
    expect(mailbox.whenWaitersGone()).toBeUndefined();
  });

  it("hands every waiter over for refusal, priority first", () => {
    const mailbox = new Mailbox<Head>(1, 1);
    mailbox.offer(head("r"), undefined, false);
    mailbox.offer(head("p"), undefined, true);
    mailbox.wait(waiter("w"));
    mailbox.wait(waiter("wp", true));
    const refused: string[] = [];
    mailbox.refuseWaiters((w) => refused.push(w.head.label));
    expect(refused).toEqual(["wp", "w"]);
    const drained: string[] = [];
    mailbox.drain((h, _payload, priority) => drained.push(`${h.label}:${priority}`));
    expect(drained).toEqual(["p:true", "r:false"]);
  });
});
