/** How an eval run stands: still running (or crashed), finished, or stopped with Ctrl-C. */
export type EvalRunStatus = "running" | "completed" | "cancelled" | "stopped";

/** One eval run as the store keeps it. `suite` and `summary` are JSON documents the evals layer defines. */
export interface EvalRunRecord {
  runId: string;
  /** A name given by the user, or the suite's description. */
  name: string | null;
  /** The suite file, when the run came from one. */
  suiteFile: string | null;
  /** Hash of everything that changes results; equal hashes can resume each other's cells. */
  suiteHash: string;
  status: EvalRunStatus;
  createdAt: number;
  finishedAt: number | null;
  /** Cells planned (tests x variants x repeats). */
  cellCount: number;
  passed: number;
  failed: number;
  errors: number;
  /** Snapshot of the suite: variants, tests, settings. */
  suite: unknown;
  /** Statistics, once the run finished. */
  summary: unknown;
}

/** One cell: a test on a variant, one repeat. `result` is a JSON document the evals layer defines. */
export interface EvalCellRecord {
  runId: string;
  testIndex: number;
  variantIndex: number;
  repeatIndex: number;
  status: "pass" | "fail" | "error";
  score: number;
  latencyMs: number | null;
  costUsd: number | null;
  traceId: string | null;
  createdAt: number;
  result: Record<string, unknown>;
}
