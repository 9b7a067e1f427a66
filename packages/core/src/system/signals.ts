/**
 * Signal handling for an actor system: the first signal runs the graceful shutdown and then
 * exits the process, with code 0, or 1 when anything had to be killed; a second signal kills
 * everything at once (the shutdown then finishes within its kill grace and exits with 1).
 */
import type { ShutdownEntry } from "./shutdown-entry.ts";

/**
 * Options for `system.handleSignals`.
 *
 * @example
 * ```ts
 * system.handleSignals(["SIGTERM"], { onShutdown: (entries) => log.info({ entries }, "drained") });
 * ```
 */
export interface HandleSignalsOptions {
  /** Called with the shutdown's entries just before the process exits. */
  readonly onShutdown?: (entries: ReadonlyArray<ShutdownEntry>) => void;
  /**
   * Ends the process.
   *
   * @defaultValue `process.exit`
   */
  readonly exit?: (code: number) => void;
}

/**
 * What the signal handler needs from the system.
 *
 * @internal
 */
export interface SignalSink {
  shutdown(): Promise<ReadonlyArray<ShutdownEntry>>;
  killNow(): void;
}

/**
 * The exit code for a finished shutdown: 1 when anything was killed (or hung), else 0.
 *
 * @internal
 * @param entries - the shutdown's entries
 * @example
 * ```ts
 * process.exit(exitCodeOf(await system.shutdown()));
 * ```
 */
export function exitCodeOf(entries: ReadonlyArray<ShutdownEntry>): number {
  return entries.some((entry) => entry.killed) ? 1 : 0;
}

/**
 * Installs the handlers and returns the function that removes them.
 *
 * @internal
 * @param sink - the system
 * @param signals - the signals to handle
 * @param options - exit and report hooks
 * @example
 * ```ts
 * const uninstall = installSignalHandlers(system, ["SIGTERM", "SIGINT"], {});
 * ```
 */
export function installSignalHandlers(
  sink: SignalSink,
  signals: ReadonlyArray<NodeJS.Signals>,
  options: HandleSignalsOptions,
): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let received = 0;
  const onSignal = (): void => {
    received += 1;
    if (received > 1) {
      sink.killNow();
      return;
    }
    void sink.shutdown().then((entries) => {
      uninstall();
      options.onShutdown?.(entries);
      exit(exitCodeOf(entries));
    });
  };
  const uninstall = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return uninstall;
}
