import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { DatasetRow } from "../../datasets/index.js";
import { runEvalSuite } from "../../evals/index.js";
import type { EvalRun, SuiteFile } from "../../evals/index.js";
import { UsageError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { ComparisonReport, ModelSide, SuiteComparison, Verdict } from "./comparison-report.js";
import { datasetEvalSuite } from "./dataset-suite.js";
import type { DatasetAssertion } from "./dataset-suite.js";

/** Options of `compareModels`. */
export interface CompareModelsOptions {
  baseModel: string;
  tunedModel: string;
  /** Cases: the dataset's test split; each row's last assistant message is the expected reply. */
  rows: readonly DatasetRow[];
  /** Name of the cases in the report (e.g. `test split of support@3`). */
  rowsLabel: string;
  /** Extra eval suite files run on both models (their providers are replaced by the two models). */
  suites?: string[];
  /** Longest reply per case (default 64 tokens). */
  maxTokens?: number;
  /** How replies are checked (default `auto`: JSON-equal or exact). */
  assertion?: DatasetAssertion;
  /** Confidence of the intervals (default 0.95). */
  confidence?: number;
  /** Cells in flight at once (default 2). */
  concurrency?: number;
  jobId?: string;
  dataset?: string;
  signal?: AbortSignal;
}

/**
 * Runs the base and the tuned model on the same cases through the eval runner (cells stored,
 * resumable) and reads the paired statistics: the paired bootstrap interval of the score
 * difference, McNemar's test on pass/fail, cost and latency per request, and a verdict.
 */
export async function compareModels(flywheel: Flywheel, options: CompareModelsOptions): Promise<ComparisonReport> {
  const confidence = options.confidence ?? 0.95;
  const testSplit = datasetEvalSuite(flywheel, {
    rows: options.rows,
    models: [
      { modelId: options.baseModel, label: "base" },
      { modelId: options.tunedModel, label: "tuned" },
    ],
    description: `fine-tune comparison ${options.jobId ?? ""} ${options.tunedModel} vs ${options.baseModel} on ${options.rowsLabel}`.trim(),
    ...(options.assertion === undefined ? {} : { assertion: options.assertion }),
    ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  const suites: SuiteComparison[] = [];
  suites.push(await runOne(flywheel, { label: options.rowsLabel, suite: testSplit, options, confidence }));
  for (const file of options.suites ?? []) {
    const suite = await suiteOnBothModels(file, options);
    suites.push(await runOne(flywheel, { label: path.basename(file), suite, cwd: path.dirname(path.resolve(file)), options, confidence }));
  }
  return {
    ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
    baseModel: options.baseModel,
    tunedModel: options.tunedModel,
    ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
    createdAt: new Date().toISOString(),
    suites,
    verdict: suites[0]!.verdict,
  };
}

async function suiteOnBothModels(file: string, options: CompareModelsOptions): Promise<SuiteFile> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, "utf8"));
  } catch {
    throw new UsageError(`cannot read the suite "${file}"`, "pass a YAML or JSON eval suite file");
  }
  if (raw === null || typeof raw !== "object") throw new UsageError(`the suite "${file}" is not a mapping`, "pass a YAML or JSON eval suite file");
  return {
    ...(raw as SuiteFile),
    providers: [
      { id: options.baseModel, label: "base" },
      { id: options.tunedModel, label: "tuned" },
    ],
    targets: undefined,
    cache: false,
  };
}

async function runOne(
  flywheel: Flywheel,
  input: { label: string; suite: SuiteFile; cwd?: string; options: CompareModelsOptions; confidence: number },
): Promise<SuiteComparison> {
  const { run } = await runEvalSuite(flywheel, {
    suite: input.suite,
    ...(input.cwd === undefined ? {} : { cwd: input.cwd }),
    resume: true,
    ...(input.options.signal === undefined ? {} : { signal: input.options.signal }),
  });
  return summarize(run, input.label, input.options, input.confidence);
}

function side(run: EvalRun, index: number, model: string): ModelSide {
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

function summarize(run: EvalRun, label: string, options: CompareModelsOptions, confidence: number): SuiteComparison {
  const comparison = run.statistics.comparisons.find((item) => (item.a === 0 && item.b === 1) || (item.a === 1 && item.b === 0));
  if (comparison === undefined) throw new UsageError("the comparison run has no paired results", "check that both models answered (see `flywheel eval` output)");
  // The statistics give A - B; report tuned (variant 1) minus base (variant 0).
  const sign = comparison.a === 1 ? 1 : -1;
  const raw = comparison.scoreDifference;
  const difference = {
    estimate: sign * raw.estimate,
    low: sign === 1 ? raw.low : -raw.high,
    high: sign === 1 ? raw.high : -raw.low,
    pValue: raw.pValue,
    confidence,
  };
  const tunedOnly = comparison.a === 1 ? comparison.passFail.aOnly : comparison.passFail.bOnly;
  const baseOnly = comparison.a === 1 ? comparison.passFail.bOnly : comparison.passFail.aOnly;
  const alpha = 1 - confidence;
  const verdict: Verdict = difference.low > 0 && difference.pValue < alpha ? "better" : difference.high < 0 && difference.pValue < alpha ? "worse" : "no detectable difference";
  return {
    suite: label,
    evalRunId: run.runId,
    cases: comparison.tests,
    base: side(run, 0, options.baseModel),
    tuned: side(run, 1, options.tunedModel),
    difference,
    passFail: { tunedOnly, baseOnly, pValue: comparison.passFail.pValue, method: comparison.passFail.method },
    verdict,
  };
}
