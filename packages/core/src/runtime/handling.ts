/**
 * The "currently handling" marker: which actor's handler (or `onStart`) is running its
 * synchronous part right now. An `ask` aimed at that same actor would wait for ever, so it is
 * answered `"deadlock"` at once; the check costs one comparison and no async context tracking.
 */

/**
 * The actor whose handler is on the stack, if any.
 *
 * @internal
 * @example
 * ```ts
 * if (handling.cell === target) return deadlock();
 * ```
 */
export const handling: { cell: object | undefined } = { cell: undefined };
