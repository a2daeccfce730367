import { randomBytes } from "node:crypto";
import { FlywheelError, NotFoundError, UsageError } from "../../errors/index.js";
import { ModelCallBudget } from "../../models/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { createScriptRunner } from "../assertions/script-runner.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import { computeRunStatistics } from "../stats/run-statistics.js";
import { createVariantTarget } from "../targets/create-variant-target.js";
import type { EvalTarget } from "../targets/eval-target.js";
import { createAssertionServices } from "./assertion-services.js";
import { fromCellRecord } from "./cell-records.js";
import type { CellResult } from "./cell-result.js";
import { createCellWriter } from "./cell-writer.js";
import type { EvalRun } from "./eval-run.js";
import { runCell } from "./run-cell.js";
import type { PlannedCell } from "./run-cell.js";
import { runSnapshot } from "./run-snapshot.js";
import { runScheduled } from "./scheduler.js";

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
  const budget = options.maxCalls === undefined && options.maxCostUsd === undefined ? undefined : new ModelCallBudget({ maxCalls: options.maxCalls, maxCostUsd: options.maxCostUsd });
  if (options.maxCostUsd !== undefined) checkPrices(flywheel, suite);
  const store = flywheel.store.evals;
  const { runId, createdAt, done, resumed } = await openRun(options);
  const planned = planCells(suite).filter((cell) => !done.has(cellKey(cell)));
  const total = planned.length + done.size;
  options.onStart?.({ runId, totalCells: total, finishedCells: done.size, resumed });
  const scripts = createScriptRunner({ workers: Math.min(2, options.concurrency ?? suite.concurrency) });
  const cache = options.cache ?? suite.cache;
  const services = createAssertionServices({ flywheel, baseDir: suite.baseDir, signal, scriptTimeoutMs: suite.assertionTimeoutMs, grader: suite.grader, embedder: suite.embedder, cache, scripts });
  const targets = suite.variants.map((variant): EvalTarget | Error => {
    try {
      return createVariantTarget(flywheel, suite.targets[variant.targetIndex]!, variant.promptIndex === undefined ? undefined : suite.prompts[variant.promptIndex]);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  });
  const writer = createCellWriter({ store, runId });
  const results: CellResult[] = [...done.values()];
  let finished = done.size;
  let cellsNotRun = 0;
  try {
    await runScheduled(planned, {
      concurrency: options.concurrency ?? suite.concurrency,
      signal,
      groupOf: (cell) => suite.targets[suite.variants[cell.variantIndex]!.targetIndex]!.id,
      limitsOf: (id) => {
        const target = suite.targets.find((candidate) => candidate.id === id);
        return { concurrency: target?.concurrency, perMinute: target?.rateLimit };
      },
      run: async (cell) => {
        if (budget?.spent() !== undefined) {
          cellsNotRun += 1;
          return;
        }
        const work = () => runCell({ suite, runId, tracing: flywheel.tracing, services, targets, cache, signal }, cell);
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
        finished += 1;
        options.onCell?.(result, { done: finished, total });
      },
    });
  } finally {
    await writer.flush();
    await scripts.close();
    await Promise.all(targets.map((target) => (target instanceof Error ? undefined : target.close?.())));
    await flywheel.tracing.flush();
  }
  results.sort(compareCells);
  const statistics = computeRunStatistics(results, { variants: suite.variants, seed: suite.seed });
  const status = signal.aborted ? "cancelled" : cellsNotRun > 0 ? "stopped" : "completed";
  const finishedAt = Date.now();
  await store.finishRun(runId, { status, finishedAt, passed: statistics.totals.passed, failed: statistics.totals.failed, errors: statistics.totals.errors, summary: statistics });
  const budgetStop = status === "stopped" ? { message: budget?.spent()?.message ?? budget?.refusal?.message ?? "the budget is spent", cellsNotRun } : undefined;
  return { runId, name: options.name ?? suite.description, status, createdAt, finishedAt, suite: runSnapshot(suite), cells: results, statistics, ...(budgetStop === undefined ? {} : { budgetStop }) };
}

async function openRun(options: RunEvalOptions): Promise<{ runId: string; createdAt: number; done: Map<string, CellResult>; resumed: boolean }> {
  const { suite } = options;
  const store = options.flywheel.store.evals;
  const resume = options.resume ?? true;
  const existing = typeof resume === "string" ? await store.getRun(resume) : resume ? await store.findResumableRun(suite.hash) : undefined;
  if (typeof resume === "string") {
    if (existing === undefined) throw new NotFoundError({ what: "eval run", id: resume, hint: "list runs with `flywheel eval list`" });
    if (existing.suiteHash !== suite.hash) throw new UsageError(`run ${existing.runId} was made from a different suite (its prompts, targets or tests changed)`, "start a new run (drop --resume) to evaluate the changed suite");
  }
  if (existing !== undefined && existing.status !== "completed") {
    await store.reopenRun(existing.runId);
    const cells = await store.getCells(existing.runId);
    return { runId: existing.runId, createdAt: existing.createdAt, done: new Map(cells.map((record) => [cellKey(record), fromCellRecord(record)])), resumed: true };
  }
  const runId = randomBytes(8).toString("hex");
  const createdAt = Date.now();
  await store.createRun({
    runId,
    name: options.name ?? suite.description ?? null,
    suiteFile: suite.file ?? null,
    suiteHash: suite.hash,
    status: "running",
    createdAt,
    finishedAt: null,
    cellCount: suite.tests.length * suite.variants.length * suite.repeat,
    passed: 0,
    failed: 0,
    errors: 0,
    suite: runSnapshot(suite),
    summary: null,
  });
  return { runId, createdAt, done: new Map(), resumed: false };
}

/** Model ids name models the registry can build: an unknown provider is a config error (exit 2), not thousands of failed cells. */
function checkProviders(flywheel: Flywheel, suite: EvalSuite): void {
  for (const target of suite.targets) if (target.kind === "model") flywheel.model(target.modelId);
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

function planCells(suite: EvalSuite): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (const test of suite.tests) {
    for (let repeatIndex = 0; repeatIndex < suite.repeat; repeatIndex += 1) {
      for (const variant of suite.variants) cells.push({ testIndex: test.index, variantIndex: variant.index, repeatIndex });
    }
  }
  return cells;
}

function cellKey(cell: PlannedCell): string {
  return `${cell.testIndex}:${cell.variantIndex}:${cell.repeatIndex}`;
}

/** Orders cells by test, then variant, then repeat. */
export function compareCells(a: PlannedCell, b: PlannedCell): number {
  return a.testIndex - b.testIndex || a.variantIndex - b.variantIndex || a.repeatIndex - b.repeatIndex;
}
