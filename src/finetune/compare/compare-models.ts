import path from "node:path";
import type { DatasetRow } from "../../datasets/index.js";
import { compareModelsOnSuites, suiteFileOnModels } from "../../evals/index.js";
import type { PairedSuiteComparison, SuiteToCompare } from "../../evals/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { ComparisonReport, SuiteComparison } from "./comparison-report.js";
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
 * Runs the base and the tuned model on the same cases (the test split, then any suites) with
 * the evals layer's paired comparison: the paired bootstrap interval of the score difference,
 * McNemar's test on pass/fail, cost and latency per request, and a verdict.
 */
export async function compareModels(flywheel: Flywheel, options: CompareModelsOptions): Promise<ComparisonReport> {
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
  const models = [
    { id: options.baseModel, label: "base" },
    { id: options.tunedModel, label: "tuned" },
  ];
  const suites: SuiteToCompare[] = [{ label: options.rowsLabel, suite: testSplit }];
  for (const file of options.suites ?? []) suites.push({ label: path.basename(file), suite: await suiteFileOnModels(file, models), cwd: path.dirname(path.resolve(file)) });
  const compared = await compareModelsOnSuites(flywheel, {
    baseline: options.baseModel,
    candidate: options.tunedModel,
    suites,
    ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  const comparisons = compared.suites.map(toSuiteComparison);
  return {
    ...(options.jobId === undefined ? {} : { jobId: options.jobId }),
    baseModel: options.baseModel,
    tunedModel: options.tunedModel,
    ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
    createdAt: new Date().toISOString(),
    suites: comparisons,
    verdict: comparisons[0]!.verdict,
  };
}

/** The evals layer's baseline/candidate comparison in a fine-tune's terms: base and tuned. */
function toSuiteComparison(comparison: PairedSuiteComparison): SuiteComparison {
  const { baseline, candidate, passFail, ...rest } = comparison;
  return { ...rest, base: baseline, tuned: candidate, passFail: { tunedOnly: passFail.candidateOnly, baseOnly: passFail.baselineOnly, pValue: passFail.pValue, method: passFail.method } };
}
