/**
 * Helpers the workloads share: letting pending microtasks and immediates run, forcing a full
 * garbage collection (the worker runs with `--expose-gc`), and reading the heap.
 */

/** Resolves after the current macrotask turn, so that queued microtasks and immediates ran. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Runs full collections; throws when the process lacks `--expose-gc`. */
export function collect(): void {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error("the worker needs --expose-gc to read memory");
  gc();
  gc();
}

/** Heap in use after a full collection, in bytes. */
export function heapAfterGc(): number {
  collect();
  return process.memoryUsage().heapUsed;
}
