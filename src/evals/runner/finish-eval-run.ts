import type { Flywheel } from "../../runtime/index.js";
import type { EvalRunStatus } from "../../store/index.js";
import { computeRunStatistics } from "../stats/run-statistics.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import type { CellResult } from "./cell-result.js";
import type { EvalRun } from "./eval-run.js";
import { compareCells } from "./compare-cells.js";
import { runSnapshot } from "./run-snapshot.js";

/** Options for `finishEvalRun`. */
export interface FinishEvalRunOptions {
  flywheel: Flywheel;
  suite: EvalSuite;
  runId: string;
  createdAt: number;
  name?: string;
  /** Every finished cell of the run, in any order. */
  cells: CellResult[];
  status: EvalRunStatus;
  /** Why a budget stopped the run (status `stopped`). */
  budgetStop?: EvalRun["budgetStop"];
}

/** Computes a run's statistics from its cells, records its outcome in the store and returns it. */
export async function finishEvalRun(options: FinishEvalRunOptions): Promise<EvalRun> {
  const { suite, status } = options;
  const cells = [...options.cells].sort(compareCells);
  const statistics = computeRunStatistics(cells, { variants: suite.variants, seed: suite.seed, derivedMetrics: suite.derivedMetrics });
  const finishedAt = Date.now();
  await options.flywheel.store.evals.finishRun(options.runId, { status, finishedAt, passed: statistics.totals.passed, failed: statistics.totals.failed, errors: statistics.totals.errors, summary: statistics });
  return {
    runId: options.runId,
    name: options.name ?? suite.description,
    status,
    createdAt: options.createdAt,
    finishedAt,
    suite: runSnapshot(suite),
    cells,
    statistics,
    ...(options.budgetStop === undefined ? {} : { budgetStop: options.budgetStop }),
  };
}
