/**
 * The wire shapes of PostHog's `$exception` events, as PostHog's SDK specs
 * (`exception-event-metadata`, `capture-exception`) define them: the `$exception_list` entries
 * with their `mechanism` and `stacktrace`, the stack frame, the canonical severity levels, and
 * the typed options a caller (or an SDK-owned integration) may pass to
 * `buildExceptionEvent`.
 */

/** The canonical `$exception_level` values. */
export const EXCEPTION_LEVELS = ["fatal", "error", "warning", "log", "info", "debug"] as const;

/** One canonical `$exception_level`. */
export type ExceptionLevel = (typeof EXCEPTION_LEVELS)[number];

/**
 * One stack frame, in PostHog's `raw` stacktrace format. Fields that are unknown are
 * omitted, never `null`.
 *
 * @example
 * ```ts
 * const frame: StackFrame = {
 *   platform: "node:javascript",
 *   filename: "/app/src/checkout.ts",
 *   function: "pay",
 *   lineno: 42,
 *   colno: 11,
 *   in_app: true,
 * };
 * ```
 */
export interface StackFrame {
  readonly platform: "node:javascript";
  /** The file (a path, `node:internal/…`, `native`, `<anonymous>`), when the frame names one. */
  readonly filename?: string;
  /** The function, `"?"` when V8 gives none. */
  readonly function: string;
  /** 1-based line. */
  readonly lineno?: number;
  /** 1-based column. */
  readonly colno?: number;
  /** Whether the frame is application code (not Node internals, not `node_modules`). */
  readonly in_app: boolean;
}

/**
 * `$exception_list[].mechanism`: how an entry entered the event and where it sits in the
 * exception tree. Optional fields are omitted when unknown.
 */
export interface ExceptionMechanism {
  /** `"generic"` for manual capture, `"chained"` for every nested entry, an integration category otherwise. */
  readonly type?: string;
  /** Whether the application handled the failure (outermost entry only, when known). */
  readonly handled?: boolean;
  /** A nested entry's relationship to its parent: `"cause"`, `"member"`… */
  readonly source?: string;
  /** Whether the representation (or its stack) was synthesised by the SDK. */
  readonly synthetic?: boolean;
  /** The entry's id within the event; `0` for the outermost. */
  readonly exception_id: number;
  /** The parent entry's `exception_id` (nested entries only). */
  readonly parent_id?: number;
}

/** One entry of `$exception_list`. */
export interface ExceptionEntry {
  /** The exception's type (`"TypeError"`, a class name); never empty. */
  readonly type: string;
  /** The message; may be empty. */
  readonly value: string;
  readonly mechanism: ExceptionMechanism;
  /** Frames bottom-up: `frames[0]` is the entry point, the last frame the crash site. */
  readonly stacktrace?: { readonly type: "raw"; readonly frames: readonly StackFrame[] };
}

/**
 * Typed overrides for an SDK-owned capture boundary (a framework middleware, a process
 * hook). Invalid values are ignored (the manual-capture default applies), never thrown.
 *
 * @example
 * ```ts
 * const options: ExceptionCaptureOptions = {
 *   level: "warn", // normalised to "warning"
 *   mechanism: { type: "middleware", handled: false },
 *   source: "express.error_handler",
 *   fingerprint: "checkout-timeout",
 * };
 * ```
 */
export interface ExceptionCaptureOptions {
  /** A severity: a canonical level or a native name (`"warn"`, `"critical"`, `"trace"`…). */
  readonly level?: string | undefined;
  /** The outermost entry's mechanism `type`, `handled` and `synthetic`. */
  readonly mechanism?:
    | {
        readonly type?: string | undefined;
        readonly handled?: boolean | undefined;
        readonly synthetic?: boolean | undefined;
      }
    | undefined;
  /** `$exception_source`: the integration that captured it, as `<technology>.<hook>`. */
  readonly source?: string | undefined;
  /** `$exception_fingerprint`: a custom grouping key (non-empty). */
  readonly fingerprint?: string | undefined;
  /**
   * For inputs that carry no stack (a thrown string): the function above which the SDK's
   * own frames are cut from the synthesised current stack (usually the public
   * `captureException` itself). Without it the whole current stack is used.
   */
  // biome-ignore lint/complexity/noBannedTypes: any callable may mark where the stack starts.
  readonly stackStart?: Function | undefined;
}
