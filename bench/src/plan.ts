/**
 * The benchmark plan: every group the runner measures, its rows (ours first, then the
 * peers), the figures it shows, the targets of the issue, and the sizes for a full and a
 * `--quick` run. The runner and the report read only this; the workers read only the jobs.
 */
import type { Job, PosthogClientName } from "./jobs.ts";

/** How a figure is printed. */
export type Format = "rate" | "us" | "ms" | "bytes" | "count" | "mb";

/** One figure a group shows per row. */
export interface MetricDef {
  readonly key: string;
  readonly label: string;
  readonly format: Format;
  /** Which way is better, shown in the header (neutral: neither, e.g. a count reported). */
  readonly better: "higher" | "lower" | "neutral";
  /** Show ours ÷ theirs next to each peer's figure. */
  readonly ratio: boolean;
}

/** A job before the runner fills in what it knows only at run time (server URLs). */
export type JobTemplate = Job;

/** One row: an implementation under one setting. */
export interface RowDef {
  readonly id: string;
  readonly label: string;
  readonly ours: boolean;
  readonly job: JobTemplate;
  /** Run with `--expose-gc` (memory is read). */
  readonly gc: boolean;
  /** A note shown whatever the outcome. */
  readonly note?: string;
  /** A calibration row (e.g. a process floor): no ratio is taken against it. */
  readonly calibration?: boolean;
}

/** A target of the issue: a ratio to one peer row, or an absolute bound on our row. */
export type TargetDef =
  | {
      readonly kind: "ratio";
      readonly metric: string;
      readonly against: string;
      readonly op: "<=" | ">=";
      readonly value: number;
    }
  | {
      readonly kind: "absolute";
      readonly metric: string;
      readonly op: "<=" | ">=";
      readonly value: number;
      readonly unit: string;
    };

/** One table. */
export interface GroupDef {
  readonly id: string;
  readonly section: "actor runtime" | "supervision" | "feature flags" | "posthog";
  readonly title: string;
  readonly workload: string;
  readonly metrics: readonly MetricDef[];
  readonly rows: readonly RowDef[];
  readonly targets: readonly TargetDef[];
}

/** Sizes of one run. */
export interface Sizes {
  readonly tell: number;
  readonly ask: number;
  readonly spawn: number;
  readonly fanInSenders: number;
  readonly fanIn: number;
  readonly fanInCapacity: number;
  readonly supTell: number;
  readonly restarts: number;
  readonly flags: number;
  readonly flagEvaluations: number;
  readonly capture: number;
  readonly burst: number;
  readonly outageEvents: number;
  readonly outageMs: number;
  readonly outageCaptureMs: number;
  readonly unreachable: number;
}

/** The sizes of the issue. */
export const FULL: Sizes = {
  tell: 1_000_000,
  ask: 100_000,
  spawn: 100_000,
  fanInSenders: 8,
  fanIn: 100_000,
  fanInCapacity: 32,
  supTell: 1_000_000,
  restarts: 1_000,
  flags: 50,
  flagEvaluations: 1_000,
  capture: 100_000,
  burst: 100_000,
  outageEvents: 10_000,
  outageMs: 10_000,
  outageCaptureMs: 3_000,
  unreachable: 10_000,
};

/** A tenth of the work, shorter outage: for development. */
export const QUICK: Sizes = {
  ...FULL,
  tell: 100_000,
  ask: 10_000,
  spawn: 10_000,
  fanIn: 10_000,
  supTell: 100_000,
  restarts: 100,
  flagEvaluations: 200,
  capture: 10_000,
  burst: 10_000,
  outageEvents: 1_000,
  outageMs: 2_000,
  outageCaptureMs: 1_000,
  unreachable: 1_000,
};

const ACTOR_ROWS = [
  { impl: "tsactor", label: "tsActor" },
  { impl: "baseline", label: "baseline" },
  { impl: "xstate", label: "xstate v5" },
  { impl: "nact", label: "nact" },
  { impl: "effect", label: "Effect" },
] as const;

function actorGroups(s: Sizes): GroupDef[] {
  const rows = (workload: "tell" | "ask" | "spawn" | "fan-in", n: number, gc: boolean): RowDef[] =>
    ACTOR_ROWS.map(({ impl, label }) => ({
      id: impl,
      label,
      ours: impl === "tsactor",
      gc,
      job: {
        kind: "actor",
        workload,
        impl,
        n,
        senders: s.fanInSenders,
        capacity: s.fanInCapacity,
      },
    }));
  const n = (x: number): string => x.toLocaleString("en-US");
  return [
    {
      id: "tell",
      section: "actor runtime",
      title: "tell",
      workload: `${n(s.tell)} fire-and-forget messages to one actor, until the last is handled`,
      metrics: [
        { key: "msgsPerSec", label: "msgs/s", format: "rate", better: "higher", ratio: true },
      ],
      rows: rows("tell", s.tell, false),
      targets: [
        { kind: "ratio", metric: "msgsPerSec", against: "baseline", op: ">=", value: 0.75 },
        { kind: "ratio", metric: "msgsPerSec", against: "xstate", op: ">=", value: 3 },
      ],
    },
    {
      id: "ask",
      section: "actor runtime",
      title: "ask",
      workload: `${n(s.ask)} sequential request/replies to one actor`,
      metrics: [{ key: "usPerAsk", label: "µs/ask", format: "us", better: "lower", ratio: true }],
      rows: rows("ask", s.ask, false),
      targets: [{ kind: "ratio", metric: "usPerAsk", against: "baseline", op: "<=", value: 2 }],
    },
    {
      id: "spawn",
      section: "actor runtime",
      title: "spawn",
      workload: `${n(s.spawn)} idle actors spawned and held`,
      metrics: [
        { key: "ms", label: "ms", format: "ms", better: "lower", ratio: true },
        {
          key: "bytesPerActor",
          label: "heap/actor",
          format: "bytes",
          better: "lower",
          ratio: true,
        },
      ],
      rows: rows("spawn", s.spawn, true),
      targets: [
        { kind: "ratio", metric: "ms", against: "baseline", op: "<=", value: 4 },
        { kind: "absolute", metric: "bytesPerActor", op: "<=", value: 400, unit: "B" },
      ],
    },
    {
      id: "fan-in",
      section: "actor runtime",
      title: "fan-in",
      workload: `${s.fanInSenders} senders × ${n(s.fanIn)} awaited tells into one actor with a mailbox of ${s.fanInCapacity}`,
      metrics: [
        { key: "msgsPerSec", label: "msgs/s", format: "rate", better: "higher", ratio: true },
      ],
      rows: rows("fan-in", s.fanIn, false),
      targets: [],
    },
  ];
}

function supervisionGroups(s: Sizes): GroupDef[] {
  const n = (x: number): string => x.toLocaleString("en-US");
  return [
    {
      id: "sup-tell",
      section: "supervision",
      title: "tell through a supervisor",
      workload: `${n(s.supTell)} fire-and-forget messages through sup.ref vs a plain ActorRef`,
      metrics: [
        { key: "msgsPerSec", label: "msgs/s", format: "rate", better: "higher", ratio: true },
      ],
      rows: [
        {
          id: "tsactor-sup",
          label: "tsActor sup.ref",
          ours: true,
          gc: false,
          job: { kind: "supervision", workload: "sup-tell", impl: "tsactor-sup", n: s.supTell },
        },
        {
          id: "tsactor-plain",
          label: "tsActor plain ref",
          ours: false,
          gc: false,
          job: { kind: "supervision", workload: "sup-tell", impl: "tsactor-plain", n: s.supTell },
        },
      ],
      targets: [],
    },
    {
      id: "restart",
      section: "supervision",
      title: "restart latency",
      workload: `${n(s.restarts)} crashes, each followed by an ask answered by the next incarnation`,
      metrics: [
        { key: "usPerRestart", label: "µs/restart", format: "us", better: "lower", ratio: true },
      ],
      rows: [
        {
          id: "tsactor",
          label: "tsActor supervise",
          ours: true,
          gc: false,
          job: { kind: "supervision", workload: "restart", impl: "tsactor-sup", n: s.restarts },
        },
        {
          id: "nact",
          label: "nact onCrash reset",
          ours: false,
          gc: false,
          job: { kind: "supervision", workload: "restart", impl: "nact", n: s.restarts },
        },
      ],
      targets: [],
    },
  ];
}

function flagsGroup(s: Sizes): GroupDef {
  return {
    id: "flags",
    section: "feature flags",
    title: "local flag evaluation",
    workload: `${s.flags} flags evaluated locally for one user, ${(s.flagEvaluations * 10).toLocaleString("en-US")} times by tsActor's evaluator and ${s.flagEvaluations.toLocaleString("en-US")} times by posthog-node (which is slower)`,
    metrics: [
      {
        key: "usPerEval",
        label: `µs per ${s.flags} flags`,
        format: "us",
        better: "lower",
        ratio: true,
      },
    ],
    rows: [
      {
        id: "tsactor",
        label: "tsActor flags",
        ours: true,
        gc: false,
        job: { kind: "flags", impl: "tsactor", flags: s.flags, iterations: s.flagEvaluations * 10 },
      },
      {
        id: "posthog-node",
        label: "posthog-node",
        ours: false,
        gc: false,
        job: { kind: "flags", impl: "posthog-node", flags: s.flags, iterations: s.flagEvaluations },
      },
    ],
    targets: [],
  };
}

function posthogGroups(s: Sizes): GroupDef[] {
  const n = (x: number): string => x.toLocaleString("en-US");
  const job = (
    workload: "capture" | "burst" | "outage" | "unreachable",
    client: PosthogClientName,
    count: number,
  ): JobTemplate => ({
    kind: "posthog",
    workload,
    client,
    n: count,
    ingestUrl: "",
    controlUrl: "",
    outageMs: s.outageMs,
    captureOverMs: s.outageCaptureMs,
  });
  const row = (
    id: PosthogClientName,
    workload: "capture" | "burst" | "outage" | "unreachable",
    count: number,
    label?: string,
  ): RowDef => ({
    id,
    label: label ?? (id === "tsactor" ? "tsActor createPostHog" : "posthog-node"),
    ours: id === "tsactor",
    gc: false,
    job: job(workload, id, count),
  });
  return [
    {
      id: "capture",
      section: "posthog",
      title: "capture cost",
      workload: `${n(s.capture)} capture() calls in a tight loop, default options`,
      metrics: [
        { key: "usPerCapture", label: "µs/capture", format: "us", better: "lower", ratio: true },
      ],
      rows: [row("tsactor", "capture", s.capture), row("posthog-node", "capture", s.capture)],
      targets: [
        { kind: "ratio", metric: "usPerCapture", against: "posthog-node", op: "<=", value: 0.25 },
      ],
    },
    {
      id: "burst",
      section: "posthog",
      title: "burst",
      workload: `${n(s.burst)} events captured in a tight loop, then shutdown()`,
      metrics: [
        { key: "received", label: "received", format: "count", better: "higher", ratio: false },
        {
          key: "deliveryMs",
          label: "first capture → last received",
          format: "ms",
          better: "lower",
          ratio: true,
        },
        { key: "peakRssMb", label: "peak RSS", format: "mb", better: "lower", ratio: true },
      ],
      rows: [
        row("tsactor", "burst", s.burst, "tsActor (defaults)"),
        row("posthog-node", "burst", s.burst, "posthog-node (defaults)"),
        row("posthog-node-nodrop", "burst", s.burst, "posthog-node (no-drop queue)"),
      ],
      targets: [
        { kind: "absolute", metric: "received", op: ">=", value: s.burst, unit: "events" },
        {
          kind: "ratio",
          metric: "deliveryMs",
          against: "posthog-node-nodrop",
          op: "<=",
          value: 0.5,
        },
      ],
    },
    {
      id: "outage",
      section: "posthog",
      title: "outage",
      workload: `server answers 503 for ${s.outageMs / 1000} s while ${n(s.outageEvents)} events are captured over ${s.outageCaptureMs / 1000} s, then 200`,
      metrics: [
        { key: "received", label: "received", format: "count", better: "higher", ratio: false },
        {
          key: "recoveryToLastMs",
          label: "recovery → last received",
          format: "ms",
          better: "lower",
          ratio: true,
        },
      ],
      rows: [
        row("tsactor", "outage", s.outageEvents),
        row("posthog-node", "outage", s.outageEvents),
      ],
      targets: [
        { kind: "absolute", metric: "received", op: ">=", value: s.outageEvents, unit: "events" },
      ],
    },
    {
      id: "unreachable",
      section: "posthog",
      title: "unreachable",
      workload: `nothing listening, ${n(s.unreachable)} events, then shutdown(5000)`,
      metrics: [
        {
          key: "resolveMs",
          label: "shutdown resolves",
          format: "ms",
          better: "lower",
          ratio: true,
        },
        {
          key: "exitAfterResolveMs",
          label: "exit after resolve",
          format: "ms",
          better: "lower",
          ratio: true,
        },
        {
          key: "undelivered",
          label: "undelivered reported",
          format: "count",
          better: "neutral",
          ratio: false,
        },
      ],
      rows: [
        row("tsactor", "unreachable", s.unreachable),
        row("posthog-node", "unreachable", s.unreachable),
        {
          ...row("none", "unreachable", s.unreachable, "no client (process floor)"),
          note: "calibration: the same process with a client that does nothing",
          calibration: true,
        },
      ],
      targets: [
        { kind: "absolute", metric: "exitAfterResolveMs", op: "<=", value: 100, unit: "ms" },
      ],
    },
  ];
}

/** Every group, in the order the runner measures and prints them. */
export function buildPlan(sizes: Sizes): GroupDef[] {
  return [
    ...actorGroups(sizes),
    ...supervisionGroups(sizes),
    flagsGroup(sizes),
    ...posthogGroups(sizes),
  ];
}
