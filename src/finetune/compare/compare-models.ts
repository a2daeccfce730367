import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { DatasetRow } from "../../datasets/index.js";
import { promptMessages, targetMessage } from "../../datasets/index.js";
import { runEvalSuite } from "../../evals/index.js";
import type { EvalRun, SuiteFile } from "../../evals/index.js";
import { UsageError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { chatTarget } from "./chat-target.js";
import type { ComparisonReport, ModelSide, SuiteComparison, Verdict } from "./comparison-report.js";

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
  /** Confidence of the intervals (default 0.95). */
  confidence?: number;
  /** Cells in flight at once (default 2). */
  concurrency?: number;
  jobId?: string;
  dataset?: string;
  signal?: AbortSignal;
}

/**
 * The default check of a row: a JSON reply must be JSON-equal to the expected one; other
 * replies must equal it exactly. A row may name its own assertions in `metadata.assert`.
 */
function assertionsFor(row: DatasetRow): { type: string; value?: unknown }[] {
  const custom = row.metadata?.assert;
  if (Array.isArray(custom) && custom.length > 0) return custom as { type: string; value?: unknown }[];
  const expected = targetMessage(row)?.content.trim() ?? "";
  try {
    const parsed: unknown = JSON.parse(expected);
    if (parsed !== null && typeof parsed === "object") return [{ type: "equals", value: parsed }];
  } catch {
    // Not JSON: compare the text.
  }
  return [{ type: "equals", value: expected }];
}

/**
 * Runs the base and the tuned model on the same cases through the eval runner (cells stored,
 * resumable) and reads the paired statistics: the paired bootstrap interval of the score
 * difference, McNemar's test on pass/fail, cost and latency per request, and a verdict.
 */
export async function compareModels(flywheel: Flywheel, options: CompareModelsOptions): Promise<ComparisonReport> {
  const rows = options.rows.filter((row) => targetMessage(row) !== undefined);
  if (rows.length === 0) throw new UsageError("there are no test cases to compare on", "create the dataset with a test fraction above 0 (--split)");
  const maxTokens = options.maxTokens ?? 64;
  const confidence = options.confidence ?? 0.95;
  const targets = [chatTarget({ flywheel, id: "base", modelId: options.baseModel, maxTokens }), chatTarget({ flywheel, id: "tuned", modelId: options.tunedModel, maxTokens })];
  const testSplit: SuiteFile = {
    description: `fine-tune comparison ${options.jobId ?? ""} ${options.tunedModel} vs ${options.baseModel} on ${options.rowsLabel}`.trim(),
    // Custom targets: objects with a `call` method, which the suite schema accepts as providers.
    providers: targets.map((target) => ({ id: target.id, label: target.label, call: target.call.bind(target) })),
    tests: rows.map((row, index) => ({
      description: `case ${index + 1}`,
      vars: { messages: promptMessages(row), expected: targetMessage(row)!.content },
      assert: assertionsFor(row),
      metadata: { ...(row.metadata?.traceId === undefined ? {} : { traceId: row.metadata.traceId }) },
    })),
    concurrency: options.concurrency ?? 2,
    cache: false,
  };
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
