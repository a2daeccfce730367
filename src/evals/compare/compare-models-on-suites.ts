import { UsageError } from "../../errors/index.js";
import { ModelCallBudget } from "../../models/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { EvalRun } from "../runner/eval-run.js";
import { runEval } from "../runner/run-eval.js";
import { defaultGrading } from "../suite/default-grading.js";
import type { EvalSuite } from "../suite/eval-suite.js";
import { loadSuite } from "../suite/load-suite.js";
import { suiteHash } from "../suite/suite-hash.js";
import type { SuiteFile } from "../suite/suite-schema.js";
import type { ComparedModel, PairedSuiteComparison, PairedVerdict } from "./paired-suite-comparison.js";

/** A suite whose first provider is the baseline and second the candidate (see `suiteFileOnModels`). */
export interface SuiteToCompare {
  /** Name of the suite in the result (e.g. its file name). */
  label: string;
  suite: SuiteFile;
  /** Folder its relative paths resolve against (default: the working directory). */
  cwd?: string;
}

/** Options of `compareModelsOnSuites`. */
export interface CompareModelsOnSuitesOptions {
  /** The model in use: each suite's first provider. */
  baseline: string;
  /** The model tried: each suite's second provider. */
  candidate: string;
  suites: readonly SuiteToCompare[];
  /** Confidence of the intervals (default 0.95). */
  confidence?: number;
  /** Most requests per suite per model (tests x repeats x prompts); a suite with more tests runs its first ones. */
  maxCases?: number;
  /** Most US dollars across every suite, both models and graders together, never passed (a call that could pass it does not start); every model called needs a price. */
  maxCostUsd?: number;
  /** Continue an unfinished run of the same suite (default true). */
  resume?: boolean;
  /** Cells in flight at once (default: the suite's). */
  concurrency?: number;
  signal?: AbortSignal;
}

/** What `compareModelsOnSuites` found. */
export interface ModelsOnSuitesResult {
  /** One comparison per suite (per prompt of a suite with several), in order; none for suites the budget left unrun. */
  suites: PairedSuiteComparison[];
  /** US dollars the runs spent (counted only under a cost budget). */
  costUsd: number;
  /** Why the budget stopped the runs early, when it did. */
  budgetStop?: string;
}

/**
 * Runs each suite on a baseline and a candidate model through the eval runner (cells stored,
 * resumable) and reads the paired statistics of candidate minus baseline: the paired bootstrap
 * interval of the score difference, McNemar's test on pass/fail, cost and latency per request,
 * and a verdict. Under `maxCostUsd` one budget spans every suite: a call that could pass it does
 * not start (see `ModelCallLimits.stopBeforeLimit`), the runs stop there, and `budgetStop` says so.
 */
export async function compareModelsOnSuites(flywheel: Flywheel, options: CompareModelsOnSuitesOptions): Promise<ModelsOnSuitesResult> {
  const confidence = options.confidence ?? 0.95;
  const budget = options.maxCostUsd === undefined ? undefined : new ModelCallBudget({ maxCostUsd: options.maxCostUsd, stopBeforeLimit: true });
  const suites: PairedSuiteComparison[] = [];
  for (const input of options.suites) {
    const loaded = await loadSuite({ suite: input.suite, baseDir: input.cwd ?? process.cwd(), grading: defaultGrading(flywheel.config) });
    const suite = options.maxCases === undefined ? loaded : capRequests(loaded, options.maxCases, input.label);
    const run = await runEval({
      flywheel,
      suite,
      resume: options.resume ?? true,
      ...(budget === undefined ? {} : { budget }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    suites.push(...summarize(run, suite, input.label, options, confidence));
    if (run.budgetStop !== undefined) return { suites, costUsd: budget?.costUsd ?? 0, budgetStop: `${run.budgetStop.message} (${input.label}: ${run.budgetStop.cellsNotRun} requests not run)` };
  }
  return { suites, costUsd: budget?.costUsd ?? 0 };
}

/** Keeps the first tests of a suite so that no model gets more than `maxCases` requests. */
function capRequests(suite: EvalSuite, maxCases: number, label: string): EvalSuite {
  const perTest = suite.repeat * Math.max(1, suite.variants.filter((variant) => variant.targetIndex === 0).length);
  const tests = Math.floor(maxCases / perTest);
  if (tests === 0) throw new UsageError(`${label}: one test makes ${perTest} requests per model, more than the ${maxCases} allowed`, "raise the case limit, or lower the suite's repeat or prompts");
  if (tests >= suite.tests.length) return suite;
  const capped = { ...suite, tests: suite.tests.slice(0, tests) };
  return { ...capped, hash: suiteHash(capped) };
}

/** One comparison per prompt: the baseline's variant against the candidate's on that prompt. */
function summarize(run: EvalRun, suite: EvalSuite, label: string, options: CompareModelsOnSuitesOptions, confidence: number): PairedSuiteComparison[] {
  const pairs = suite.variants
    .filter((variant) => variant.targetIndex === 0)
    .map((baseline) => ({ baseline, candidate: suite.variants.find((variant) => variant.targetIndex === 1 && variant.promptIndex === baseline.promptIndex) }))
    .filter((pair) => pair.candidate !== undefined);
  return pairs.map(({ baseline, candidate }) => {
    const prompt = pairs.length > 1 && baseline.promptIndex !== undefined ? ` · ${suite.prompts[baseline.promptIndex]!.label}` : "";
    return compare(run, `${label}${prompt}`, baseline.index, candidate!.index, options, confidence);
  });
}

function compare(run: EvalRun, label: string, baselineIndex: number, candidateIndex: number, options: CompareModelsOnSuitesOptions, confidence: number): PairedSuiteComparison {
  const comparison = run.statistics.comparisons.find((item) => (item.a === baselineIndex && item.b === candidateIndex) || (item.a === candidateIndex && item.b === baselineIndex));
  if (comparison === undefined) throw new UsageError("the comparison run has no paired results", "check that both models answered (see `flywheel eval` output)");
  // The statistics give A - B; report candidate minus baseline.
  const sign = comparison.a === candidateIndex ? 1 : -1;
  const raw = comparison.scoreDifference;
  const difference = { estimate: sign * raw.estimate, low: sign === 1 ? raw.low : -raw.high, high: sign === 1 ? raw.high : -raw.low, pValue: raw.pValue, confidence };
  const candidateOnly = sign === 1 ? comparison.passFail.aOnly : comparison.passFail.bOnly;
  const baselineOnly = sign === 1 ? comparison.passFail.bOnly : comparison.passFail.aOnly;
  const alpha = 1 - confidence;
  const verdict: PairedVerdict = difference.low > 0 && difference.pValue < alpha ? "better" : difference.high < 0 && difference.pValue < alpha ? "worse" : "no detectable difference";
  return {
    suite: label,
    evalRunId: run.runId,
    cases: comparison.tests,
    baseline: side(run, baselineIndex, options.baseline),
    candidate: side(run, candidateIndex, options.candidate),
    difference,
    passFail: { candidateOnly, baselineOnly, pValue: comparison.passFail.pValue, method: comparison.passFail.method },
    verdict,
  };
}

function side(run: EvalRun, index: number, model: string): ComparedModel {
  const stats = run.statistics.variants.find((variant) => variant.variantIndex === index)!;
  return {
    model,
    cases: stats.cells,
    passed: stats.passed,
    passRate: stats.passRate,
    meanScore: stats.meanScore.estimate,
    latencyMs: stats.meanLatencyMs,
    costPerRequestUsd: stats.totalCostUsd === undefined ? (model.startsWith("local:") ? 0 : undefined) : stats.totalCostUsd / Math.max(1, stats.cells),
  };
}
