/** How a span ended. `running` marks a trace whose root span has not been written yet. */
export type SpanStatus = "ok" | "error" | "cancelled" | "unset";

/** One finished span as the store keeps it. Times are epoch milliseconds. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** Null for the root span of a trace. */
  parentSpanId: string | null;
  name: string;
  /** What the span is: `model`, `embedding`, `run`, `step`, `tool`, ... (`FlywheelAttributes.spanKind`). */
  kind: string;
  startTime: number;
  endTime: number;
  status: SpanStatus;
  statusMessage: string | null;
  /** `GenAi.system`, when the span is a model call. */
  provider: string | null;
  /** `FlywheelAttributes.modelId`, else `GenAi.requestModel`, when the span is a model call. */
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  /** Every attribute, including `gen_ai.*` ones and captured input and output messages. */
  attributes: Record<string, unknown>;
  /** Span events (e.g. `first-token`, `retry`). */
  events: { name: string; time: number; attributes: Record<string, unknown> }[];
}

/** One row of the trace list. */
export interface TraceSummary {
  traceId: string;
  name: string | null;
  kind: string | null;
  startTime: number;
  endTime: number;
  durationMs: number | null;
  /**
   * The root span's status; `running` when the root span is not written yet, `interrupted`
   * when the process that ran the trace ended before it finished (killed, crashed).
   */
  status: SpanStatus | "running" | "interrupted";
  statusMessage: string | null;
  /** The first model called in the trace. */
  model: string | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  spanCount: number;
  inputPreview: string | null;
  outputPreview: string | null;
  /** The root span's prompt name (`FlywheelAttributes.promptName`). */
  promptName: string | null;
  /** The root span's prompt version (`FlywheelAttributes.promptHash`). */
  promptHash: string | null;
  /** The experiment and variant the root span ran. */
  experiment: string | null;
  variant: string | null;
}

/** Filters for listing traces; every field is optional. */
export interface TraceFilter {
  /** Exact model id. */
  model?: string;
  /** Root status. */
  status?: TraceSummary["status"];
  /** Only traces that started at or after this time (epoch ms). */
  since?: number;
  /** Only traces that started before this time (epoch ms). */
  until?: number;
  /** Minimum total cost in USD. */
  minCostUsd?: number;
  /** Maximum total cost in USD. */
  maxCostUsd?: number;
  /** Case-insensitive text searched in the name and the input and output previews. */
  search?: string;
  /** Page size (default 50, at most 1000). */
  limit?: number;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string;
}

/** One page of traces, newest first. */
export interface TracePage {
  traces: TraceSummary[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  nextCursor?: string;
}

/** A trace with all its spans, ordered by start time. */
export interface TraceDetail {
  summary: TraceSummary;
  spans: SpanRecord[];
}

/** Which traces `TraceStore.stats` counts and how finely. */
export interface TraceStatsQuery {
  /** Epoch ms; traces that started at or after it. */
  since: number;
  /** Epoch ms the window ends at (the buckets cover `since`..`until`). */
  until: number;
  /** How many buckets the window is cut into. */
  buckets: number;
}

/** One time bucket of trace statistics. */
export interface TraceStatsPoint {
  /** Start of the bucket, epoch ms. */
  time: number;
  traces: number;
  costUsd: number;
  /** Mean duration of the bucket's traces; null when none has finished. */
  avgLatencyMs: number | null;
  errors: number;
}

/** Latency, cost and errors per time bucket; buckets without traces are left out. */
export interface TraceStats {
  since: number;
  bucketMs: number;
  points: TraceStatsPoint[];
}
