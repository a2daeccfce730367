import type { EvalComparisonView, EvalRunSummaryView, EvalRunView } from "../views/eval-views.js";

/**
 * What the workbench needs from the evals capability: stored runs as views. The server
 * stays a thin shell: an implementation maps the evals library's records onto these.
 */
export interface EvalsBackend {
  /** Runs, newest first. */
  listRuns(options: { limit: number }): Promise<EvalRunSummaryView[]>;
  /** One run with its whole matrix, or undefined when there is no such run. */
  getRun(id: string): Promise<EvalRunView | undefined>;
  /** Run `b` against baseline `a`, paired per variant and test; undefined when either is missing. */
  compareRuns(options: { a: string; b: string }): Promise<EvalComparisonView | undefined>;
}
