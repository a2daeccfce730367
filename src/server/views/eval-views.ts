// What the workbench API answers about eval runs. Plain JSON shapes with no imports, so
// the web app type-checks against the same definitions the server fills in.

/** One eval run in the runs list. */
export interface EvalRunSummaryView {
  id: string;
  /** Suite name or file. */
  suite: string;
  description: string | null;
  status: "running" | "completed" | "failed" | "cancelled" | "stopped";
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number | null;
  /** Variant labels (prompt x target), in matrix column order. */
  variants: string[];
  testCount: number;
  /** Cells that passed / cells judged, 0..1 (null while nothing is judged). */
  passRate: number | null;
  /** Total cost in USD (null in the runs list, where it is not summed). */
  costUsd: number | null;
}

/** A result of one assertion in one cell. */
export interface EvalAssertionView {
  type: string;
  pass: boolean;
  score: number;
  reason: string | null;
}

/** One cell of the matrix: a test on a variant (one repeat). */
export interface EvalCellView {
  testIndex: number;
  variantIndex: number;
  repeat: number;
  pass: boolean;
  /** Weighted score 0..1. */
  score: number;
  output: string;
  error: string | null;
  latencyMs: number | null;
  costUsd: number | null;
  assertions: EvalAssertionView[];
}

/** One column of the matrix, with its totals. */
export interface EvalVariantView {
  label: string;
  passRate: number;
  meanScore: number;
  costUsd: number;
  meanLatencyMs: number | null;
}

/** One row of the matrix. */
export interface EvalTestView {
  index: number;
  description: string | null;
  vars: Record<string, unknown>;
}

/** A whole run: the matrix of tests by variants. */
export interface EvalRunView {
  summary: EvalRunSummaryView;
  variants: EvalVariantView[];
  tests: EvalTestView[];
  cells: EvalCellView[];
}

/** The paired statistics of one variant present in both runs. */
export interface EvalVariantComparisonView {
  label: string;
  /** Tests present in both runs for this variant. */
  tests: number;
  a: { passRate: number; meanScore: number };
  b: { passRate: number; meanScore: number };
  /** Mean of the per-test score differences, b - a. */
  meanDifference: number;
  /** 95% confidence interval of that mean (paired bootstrap). */
  interval: [number, number] | null;
  /** p-value of the score difference (paired bootstrap). */
  scorePValue: number | null;
  /** p-value of the pass/fail changes (McNemar). */
  passFailPValue: number | null;
  /** Whether either test finds a difference at the 5% level. */
  significant: boolean;
  /** Tests that failed in a and pass in b. */
  improvements: number;
  /** Tests that passed in a and fail in b. */
  regressions: number;
}

/** One test on one variant in both runs, for the output diff. */
export interface EvalComparedCellView {
  testIndex: number;
  description: string | null;
  vars: Record<string, unknown>;
  variant: string;
  a: { output: string; pass: boolean; score: number } | null;
  b: { output: string; pass: boolean; score: number } | null;
}

/** Two runs side by side: run b against baseline a. */
export interface EvalComparisonView {
  a: EvalRunSummaryView;
  b: EvalRunSummaryView;
  variants: EvalVariantComparisonView[];
  cells: EvalComparedCellView[];
}
