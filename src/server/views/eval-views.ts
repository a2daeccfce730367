// What the workbench API answers about eval runs. Plain JSON shapes with no imports, so
// the web app type-checks against the same definitions the server fills in.

/** One eval run in the runs list. */
export interface EvalRunSummaryView {
  id: string;
  /** Suite name or file. */
  suite: string;
  description: string | null;
  status: "running" | "completed" | "failed" | "cancelled";
  /** Epoch milliseconds. */
  startedAt: number;
  durationMs: number | null;
  /** Variant labels (prompt x target), in matrix column order. */
  variants: string[];
  testCount: number;
  /** Cells that passed / cells judged, 0..1 (null while nothing is judged). */
  passRate: number | null;
  costUsd: number;
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
  a: { passRate: number; meanScore: number };
  b: { passRate: number; meanScore: number };
  /** Mean of b - a over paired cells. */
  meanDifference: number;
  /** Confidence interval of the mean difference (bootstrap, 95%). */
  interval: [number, number] | null;
  /** Two-sided p-value of the paired test, when computed. */
  pValue: number | null;
  /** Tests where b scored higher, lower, the same. */
  wins: number;
  losses: number;
  ties: number;
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
