/**
 * The SDK instances of the conformance adapter, one per harness `test_id` (parallel mode)
 * or one global instance (no `test_id`). The harness resets a test id only before its
 * test, never after, so an instance nobody has touched for `idleMs` is stopped here: its
 * timers and sockets must not outlive the run.
 */

/** Something the registry can stop. */
export interface Stoppable {
  /** Ends the instance for good: nothing more may be sent. */
  stop(): Promise<void>;
}

interface Entry<T> {
  readonly instance: T;
  lastUsed: number;
}

/** Instances by test id, with idle reaping. */
export class InstanceRegistry<T extends Stoppable> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #idleMs: number;
  readonly #timer: NodeJS.Timeout;

  /**
   * @param idleMs - Stop an instance after this long without an adapter call.
   */
  constructor(idleMs: number) {
    this.#idleMs = idleMs;
    this.#timer = setInterval(() => void this.#reap(), Math.max(1_000, idleMs / 4));
    this.#timer.unref();
  }

  /** The instance of a test id (`""` for the global one), marking it used. */
  get(testId: string): T | undefined {
    const entry = this.#entries.get(testId);
    if (entry !== undefined) entry.lastUsed = Date.now();
    return entry?.instance;
  }

  /** Puts an instance in place, stopping the one it replaces. */
  async set(testId: string, instance: T): Promise<void> {
    const previous = this.#entries.get(testId);
    this.#entries.set(testId, { instance, lastUsed: Date.now() });
    if (previous !== undefined) await previous.instance.stop();
  }

  /** Stops and forgets the instance of a test id. */
  async remove(testId: string): Promise<void> {
    const entry = this.#entries.get(testId);
    this.#entries.delete(testId);
    if (entry !== undefined) await entry.instance.stop();
  }

  /** Stops every instance and the reaper. */
  async closeAll(): Promise<void> {
    clearInterval(this.#timer);
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    await Promise.all(entries.map((entry) => entry.instance.stop()));
  }

  async #reap(): Promise<void> {
    const now = Date.now();
    const stale = [...this.#entries].filter(([, entry]) => now - entry.lastUsed >= this.#idleMs);
    for (const [testId, entry] of stale) {
      if (this.#entries.get(testId) !== entry) continue; // replaced meanwhile
      this.#entries.delete(testId);
      await entry.instance.stop();
    }
  }
}
