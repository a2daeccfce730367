import type { ModelCallBudget } from "../../models/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { createScriptRunner } from "../assertions/script-runner.js";
import { Conversations, createTemplateRenderer, usesConversation } from "../templates/index.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import { createVariantTarget } from "../targets/create-variant-target.js";
import type { EvalTarget } from "../targets/eval-target.js";
import { createAssertionServices } from "./assertion-services.js";
import type { CellResult } from "./cell-result.js";
import { createCellWriter } from "./cell-writer.js";
import { runCell } from "./run-cell.js";
import type { PlannedCell } from "./run-cell.js";
import { runScheduled } from "./scheduler.js";
import { usesStoredOutputs } from "./stored-outputs.js";

/** Options for `runCells`. */
export interface RunCellsOptions {
  flywheel: Flywheel;
  suite: EvalSuite;
  runId: string;
  /** The cells to run, in the order to start them. */
  cells: PlannedCell[];
  /** Most cells in flight at once (default: the suite's). */
  concurrency?: number;
  /** Use the response cache. */
  cache: boolean;
  /** When aborted no new cell starts; cells in flight are cancelled and not recorded. */
  signal: AbortSignal;
  /** Counts model calls; when spent, the remaining cells are not run. */
  budget?: ModelCallBudget;
  /** Outputs that cells already finished stored (`storeOutputAs`), when a run resumes. */
  stored?: Record<string, unknown>;
  /** Called as each cell finishes (it is written to the store moments later). */
  onCell?: (cell: CellResult) => void;
}

/**
 * Runs cells of a run within the global and per-target limits, each in its own trace, and
 * writes each finished cell to the store under its unique key (a cell run again replaces its
 * row). What a local run and a worker's shard of a distributed run both do.
 */
export async function runCells(options: RunCellsOptions): Promise<{ results: CellResult[]; cellsNotRun: number }> {
  const { flywheel, suite, runId, cache, signal, budget } = options;
  // Tests that store their output for later tests run one cell at a time, in plan order, as in
  // promptfoo: one scheduler group keeps that order (per-target limits do not apply then). A prompt
  // that reads `_conversation` sees the cells before it: promptfoo then runs one cell at a time too.
  const conversations = suite.prompts.some((prompt) => usesConversation(prompt.template)) ? new Conversations() : undefined;
  const serial = usesStoredOutputs(suite) || conversations !== undefined;
  const concurrency = serial ? 1 : (options.concurrency ?? suite.concurrency);
  const scripts = createScriptRunner({ workers: Math.min(2, concurrency) });
  const templates = createTemplateRenderer({ filters: suite.nunjucksFilters, timeoutMs: suite.assertionTimeoutMs });
  const services = createAssertionServices({ flywheel, baseDir: suite.baseDir, signal, scriptTimeoutMs: suite.assertionTimeoutMs, grader: suite.grader, embedder: suite.embedder, cache, scripts, templates, ...(suite.defaultGrading?.jsonObject === true ? { jsonObjectGrader: suite.defaultGrading.grader } : {}) });
  const targets = suite.variants.map((variant): EvalTarget | Error => {
    try {
      return createVariantTarget(flywheel, suite.targets[variant.targetIndex]!, variant.promptIndex === undefined ? undefined : suite.prompts[variant.promptIndex]);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  const writer = createCellWriter({ store: flywheel.store.evals, runId });
  const results: CellResult[] = [];
  const stored: Record<string, unknown> = { ...options.stored };
  let cellsNotRun = 0;
  try {
    await runScheduled(options.cells, {
      concurrency,
      signal,
      groupOf: (cell) => (serial ? "" : suite.targets[suite.variants[cell.variantIndex]!.targetIndex]!.id),
      limitsOf: (id) => {
        const target = suite.targets.find((candidate) => candidate.id === id);
        return { concurrency: target?.concurrency, perMinute: target?.rateLimit };
      },
      run: async (cell) => {
        if (budget?.spent() !== undefined) {
          cellsNotRun += 1;
          return;
        }
        const work = () => runCell({ suite, runId, tracing: flywheel.tracing, services, targets, cache, signal, stored, conversations }, cell);
        let result: CellResult;
        try {
          const tracked = budget === undefined ? { value: await work(), refused: false } : await budget.track(work);
          // A cell the budget cut short is not recorded either, so a resumed run runs it again.
          if (tracked.refused) {
            cellsNotRun += 1;
            return;
          }
          result = tracked.value;
        } catch {
          return; // cancelled: not recorded, so a resumed run runs it again
        }
        results.push(result);
        writer.add(result);
        options.onCell?.(result);
      },
    });
  } finally {
    await writer.flush();
    await scripts.close();
    await templates.close();
    await Promise.all(targets.map((target) => (target instanceof Error ? undefined : target.close?.())));
    await flywheel.tracing.flush();
  }
  return { results, cellsNotRun };
}
