// Shapes of the workbench API's answers. Traces, evals, collections and radar digests come
// from the server's own definitions; the rest is small enough to state here.
export type { SpanRecord, TraceDetail, TracePage, TraceSummary } from "../../../src/store/trace-records.js";
export type * from "../../../src/server/views/eval-views.js";
export type * from "../../../src/server/views/collection-views.js";
export type * from "../../../src/server/views/radar-views.js";
export type { DigestCitation, ModelChange, ModelWatchResult, SourceFailure, WatchModelSide } from "../../../src/radar/radar-types.js";

/** One model of the catalog, as `/api/models` lists it. */
export interface ModelView {
  id: string;
  provider: string;
  type: "chat" | "embedding";
  contextWindow?: number;
  price?: { input: number; output: number };
  source: string;
}

/** `/api/models`: the catalog and which providers have a key set (never the key). */
export interface ModelsView {
  defaultModel: string;
  defaultEmbeddingModel: string;
  providers: { name: string; keySet: boolean | null }[];
  models: ModelView[];
}

/** A piece of feedback on a trace. */
export interface FeedbackView {
  feedbackId: string;
  traceId: string;
  spanId: string | null;
  score: number | null;
  label: "good" | "bad" | null;
  correction: string | null;
  note: string | null;
  author: string;
  createdAt: number;
}

/** `/api/traces/stats`: traces, cost, latency and errors per time bucket. */
export interface TraceStatsView {
  since: number;
  bucketMs: number;
  points: { time: number; traces: number; costUsd: number; avgLatencyMs: number | null; errors: number }[];
}
export type * from "../../../src/experiments/experiment-types.js";
export type { ExperimentListing } from "../../../src/experiments/list-experiments.js";
export type { PromptSummary, PromptVersionSummary } from "../../../src/prompts/prompt-types.js";
