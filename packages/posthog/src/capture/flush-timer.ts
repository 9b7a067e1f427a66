/**
 * The sleep of the actor's flush loop: one `setTimeout` at a time, ended early by the
 * `onRun` signal, and holding the process open only while there is work — an actor with
 * nothing queued never keeps a finished program from exiting, but one with events waiting
 * does, so they are delivered rather than lost at exit.
 */

/** A cancellable, keep-alive-aware sleep. */
export class FlushTimer {
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;
  #keepAlive = false;

  /**
   * Whether the pending sleep holds the process open.
   *
   * @param on - Hold it open (work is waiting) or not.
   */
  keepAlive(on: boolean): void {
    this.#keepAlive = on;
    if (on) this.#timer?.ref();
    else this.#timer?.unref();
  }

  /**
   * Sleeps for `ms`, or until `signal` aborts or {@link FlushTimer.cancel} is called.
   *
   * @param ms - How long.
   * @param signal - Ends the sleep early.
   */
  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.cancel();
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#wake = undefined;
        signal.removeEventListener("abort", wake);
        resolve();
      };
      this.#wake = wake;
      this.#timer = setTimeout(wake, Math.max(1, ms));
      if (!this.#keepAlive) this.#timer.unref();
      signal.addEventListener("abort", wake, { once: true });
    });
  }

  /** Ends the pending sleep now (it resolves). */
  cancel(): void {
    this.#wake?.();
  }
}
