/**
 * One actor an actor system tracks: a spawned actor or a supervision, behind one small shape
 * (stop, kill, the promise of its end) so that the shutdown treats both alike. It holds the
 * actor's strong ref, which is why tracked actors are never stopped by the garbage collector.
 */
import type { ActorRef } from "../ref/actor-ref.ts";
import type { Identity } from "../ref/identity.ts";
import type { ActorResult } from "../result/actor-result.ts";
import type { JoinHandle } from "../result/join-handle.ts";
import type { Supervision } from "../supervision/supervise.ts";
import type { SupervisionResult } from "../supervision/supervision-result.ts";
import type { ShutdownEntry } from "./shutdown-entry.ts";

/**
 * A tracked actor or supervision.
 *
 * @internal
 */
export class Tracked {
  readonly identity: Identity;
  /** The name it can be looked up by, if it has one. */
  readonly name: string | undefined;
  readonly supervised: boolean;
  /** The strong ref the system holds (for a supervision, its stable `sup.ref`). */
  readonly ref: ActorRef<unknown>;
  /** Resolves when it has ended. */
  readonly ended: Promise<void>;
  readonly #stop: () => Promise<void>;
  #result: ActorResult<unknown> | SupervisionResult<unknown> | undefined;
  /** True once the system killed it. */
  killed = false;

  /**
   * @param name - its lookup name
   * @param ref - its strong ref
   * @param supervised - a supervision (else a plain actor)
   * @param stop - stops it gracefully
   * @param end - resolves with its result
   */
  constructor(
    name: string | undefined,
    ref: ActorRef<unknown>,
    supervised: boolean,
    stop: () => Promise<void>,
    end: PromiseLike<ActorResult<unknown> | SupervisionResult<unknown>>,
  ) {
    this.identity = ref.identity();
    this.name = name;
    this.ref = ref;
    this.supervised = supervised;
    this.#stop = stop;
    this.ended = Promise.resolve(end).then((result) => {
      this.#result = result;
    });
  }

  /**
   * Tracks a spawned actor.
   *
   * @param name - its lookup name
   * @param ref - its ref
   * @param done - its join handle
   */
  static actor(
    name: string | undefined,
    ref: ActorRef<unknown>,
    done: JoinHandle<unknown>,
  ): Tracked {
    return new Tracked(name, ref, false, () => ref.stop(), done);
  }

  /**
   * Tracks a supervision.
   *
   * @param name - its lookup name
   * @param sup - the supervision
   */
  static supervision(name: string | undefined, sup: Supervision<unknown>): Tracked {
    return new Tracked(name, sup.ref, true, () => sup.stop(), sup.done);
  }

  /** True once it has ended. */
  get hasEnded(): boolean {
    return this.#result !== undefined;
  }

  /** Starts a graceful stop. */
  stop(): void {
    void this.#stop();
  }

  /** Kills it (for a supervision: ends supervision by killing the current incarnation). */
  kill(): void {
    if (this.hasEnded) return;
    this.killed = true;
    this.ref.kill();
  }

  /** Its shutdown report. */
  entry(): ShutdownEntry {
    const result = this.#result;
    if (result === undefined) {
      return Object.freeze({
        kind: "hung",
        identity: this.identity,
        killed: true,
        supervised: this.supervised,
      });
    }
    return this.supervised
      ? Object.freeze({
          kind: "supervised",
          identity: this.identity,
          killed: this.killed,
          result: result as SupervisionResult<unknown>,
        })
      : Object.freeze({
          kind: "actor",
          identity: this.identity,
          killed: this.killed,
          result: result as ActorResult<unknown>,
        });
  }
}
