import { FlywheelError } from "../../errors/index.js";
import { ModelCallBudget } from "../../models/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import type { CellResult } from "./cell-result.js";
import { checkProviders } from "./check-providers.js";
import type { EvalRun } from "./eval-run.js";
import { finishEvalRun } from "./finish-eval-run.js";
import { openEvalRun } from "./open-eval-run.js";
import { cellKey, planCells } from "./plan-cells.js";
import { runCells } from "./run-cells.js";
import { storedOutputsOf, usesStoredOutputs } from "./stored-outputs.js";

/** Options for `runEval`. */
export interface RunEvalOptions {
  flywheel: Flywheel;
  suite: EvalSuite;
  /** Most cells in flight at once (default: the suite's, else 4). */
  concurrency?: number;
  /** Use the response cache (default: the suite's, else true). */
  cache?: boolean;
  /**
   * Resume: `true` (default) continues the newest unfinished run of the same suite,
   * a run id continues that run, `false` always starts a new run. Finished cells are
   * never run again.
   */
  resume?: boolean | string;
  /** Name stored with the run (default: the suite's description). */
  name?: string;
  /**
   * Most model calls of the run, graders and agent steps included; answers from the response
   * cache do not count. When spent no new call starts: finished cells are kept, the rest are not
   * run (the run is `stopped` and resumes like a cancelled one).
   */
  maxCalls?: number;
  /** Most US dollars of the run's model calls, counted like `maxCalls`; every model called needs a price. */
  maxCostUsd?: number;
  /** A budget shared with other runs, in place of `maxCalls` and `maxCostUsd` (what it has spent counts here too). */
  budget?: ModelCallBudget;
  /** Ctrl-C: cells in flight are cancelled, finished ones are kept, the run is marked cancelled. */
  signal?: AbortSignal;
  /** Called once the run is planned. */
  onStart?: (info: { runId: string; totalCells: number; finishedCells: number; resumed: boolean }) => void;
  /** Called as each cell finishes. */
  onCell?: (cell: CellResult, progress: { done: number; total: number }) => void;
}

/**
 * Runs every cell of a suite (tests x variants x repeats): concurrently within the
 * global and per-target limits, each cell traced, each finished cell written to the
 * store at once, so a crash or Ctrl-C loses nothing finished. Results come back in a
 * fixed order (test, variant, repeat) with the run's statistics.
 */
export async function runEval(options: RunEvalOptions): Promise<EvalRun> {
  const { flywheel, suite } = options;
  const signal = options.signal ?? new AbortController().signal;
  checkProviders(flywheel, suite);
  const budget = options.budget ?? (options.maxCalls === undefined && options.maxCostUsd === undefined ? undefined : new ModelCallBudget({ maxCalls: options.maxCalls, maxCostUsd: options.maxCostUsd }));
  if (budget?.limits.maxCostUsd !== undefined) checkPrices(flywheel, suite);
  const { runId, createdAt, done, resumed } = await openEvalRun(options);
  const plan = planCells(suite);
  const planned = plan.filter((cell) => !done.has(cellKey(cell)));
  const total = planned.length + done.size;
  options.onStart?.({ runId, totalCells: total, finishedCells: done.size, resumed });
  let finished = done.size;
  const { results, cellsNotRun } = await runCells({
    flywheel,
    suite,
    runId,
    cells: planned,
    concurrency: options.concurrency,
    cache: options.cache ?? suite.cache,
    signal,
    budget,
    ...(usesStoredOutputs(suite) ? { stored: storedOutputsOf(suite, plan, done, cellKey) } : {}),
    onCell: (cell) => {
      finished += 1;
      options.onCell?.(cell, { done: finished, total });
    },
  });
  const status = signal.aborted ? "cancelled" : cellsNotRun > 0 ? "stopped" : "completed";
  const budgetStop = status === "stopped" ? { message: budget?.spent()?.message ?? budget?.refusal?.message ?? "the budget is spent", cellsNotRun } : undefined;
  return finishEvalRun({ flywheel, suite, runId, createdAt, name: options.name, cells: [...done.values(), ...results], status, ...(budgetStop === undefined ? {} : { budgetStop }) });
}

/** A cost budget needs every model target's price, or its cost could not be counted. */
function checkPrices(flywheel: Flywheel, suite: EvalSuite): void {
  for (const target of suite.targets) {
    if (target.kind === "model" && flywheel.models.info(target.modelId).price === undefined) {
      throw new FlywheelError({
        code: "budget-unenforceable",
        message: `a cost budget was set, but the price of ${target.modelId} is unknown`,
        hint: `add models."${target.modelId}".price in flywheel.config.yaml, or drop the cost budget`,
      });
    }
  }
}
