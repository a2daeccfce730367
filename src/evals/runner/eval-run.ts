import type { EvalRunStatus } from "../../store/index.js";
import type { RunStatistics } from "../stats/run-statistics.js";
import type { CellResult } from "./cell-result.js";
import type { DerivedMetric } from "../suite/eval-suite.js";

/** What a stored run remembers of its suite, enough to report and compare without the file. */
export interface RunSnapshot {
  description?: string;
  file?: string;
  hash: string;
  repeat: number;
  seed: number;
  grader: string;
  embedder: string;
  derivedMetrics?: DerivedMetric[];
  /** `promptName` and `promptHash` name the prompt version a variant ran (see `SuitePrompt.hash`). */
  variants: { index: number; label: string; prompt?: string; promptName?: string; promptHash?: string; target: string; targetKind: string; model?: string }[];
  tests: { index: number; description?: string; vars: Record<string, unknown>; assertionTypes: string[] }[];
  /** Grader models that model-graded assertions used. */
  graders: string[];
  warnings: string[];
}

/** A run with its cells and statistics. */
export interface EvalRun {
  runId: string;
  name?: string;
  status: EvalRunStatus;
  createdAt: number;
  finishedAt?: number;
  suite: RunSnapshot;
  /** Ordered by test, variant, repeat. */
  cells: CellResult[];
  /** Set when a budget stopped the run (status `stopped`): why, and how many cells did not run; they run when the run is resumed. */
  budgetStop?: { message: string; cellsNotRun: number };
  statistics: RunStatistics;
}
