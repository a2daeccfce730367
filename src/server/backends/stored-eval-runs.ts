import { compareRuns, getEvalRun } from "../../evals/index.js";
import type { CellResult, EvalRun, RunSnapshot } from "../../evals/index.js";
import { FlywheelError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { EvalRunRecord } from "../../store/index.js";
import type { EvalComparedCellView, EvalComparisonView, EvalRunSummaryView, EvalRunView } from "../views/eval-views.js";
import type { EvalsBackend } from "./evals-backend.js";

/** The eval runs kept in the store, as the workbench shows them. */
export function storedEvalRuns(flywheel: Flywheel): EvalsBackend {
  const load = async (id: string): Promise<EvalRun | undefined> => {
    try {
      return await getEvalRun(flywheel, id);
    } catch (error) {
      if (FlywheelError.isInstance(error) && error.code === "not-found") return undefined;
      throw error;
    }
  };
  return {
    async listRuns({ limit }) {
      return (await flywheel.store.evals.listRuns({ limit })).map(recordSummary);
    },
    async getRun(id) {
      const run = await load(id);
      return run === undefined ? undefined : runView(run);
    },
    async compareRuns({ a, b }) {
      const [runA, runB] = await Promise.all([load(a), load(b)]);
      return runA === undefined || runB === undefined ? undefined : comparisonView(runA, runB);
    },
  };
}

function recordSummary(record: EvalRunRecord): EvalRunSummaryView {
  const suite = record.suite as RunSnapshot;
  const judged = record.passed + record.failed + record.errors;
  return {
    id: record.runId,
    suite: record.name ?? suite.description ?? suite.file ?? "eval",
    description: record.name !== null ? (suite.description ?? null) : null,
    status: record.status,
    startedAt: record.createdAt,
    durationMs: record.finishedAt === null ? null : record.finishedAt - record.createdAt,
    variants: suite.variants.map((variant) => variant.label),
    testCount: suite.tests.length,
    passRate: judged === 0 ? null : record.passed / judged,
    costUsd: null,
  };
}

function runSummary(run: EvalRun): EvalRunSummaryView {
  const { totals } = run.statistics;
  return {
    id: run.runId,
    suite: run.name ?? run.suite.description ?? run.suite.file ?? "eval",
    description: run.name !== undefined ? (run.suite.description ?? null) : null,
    status: run.status,
    startedAt: run.createdAt,
    durationMs: run.finishedAt === undefined ? null : run.finishedAt - run.createdAt,
    variants: run.suite.variants.map((variant) => variant.label),
    testCount: run.suite.tests.length,
    passRate: totals.cells === 0 ? null : totals.passed / totals.cells,
    costUsd: run.cells.reduce((sum, cell) => sum + (cell.costUsd ?? 0), 0),
  };
}

function runView(run: EvalRun): EvalRunView {
  return {
    summary: runSummary(run),
    variants: run.suite.variants.map((variant) => {
      const statistics = run.statistics.variants.find((item) => item.variantIndex === variant.index);
      return {
        label: variant.label,
        passRate: statistics?.passRate.estimate ?? 0,
        meanScore: statistics?.meanScore.estimate ?? 0,
        costUsd: statistics?.totalCostUsd ?? 0,
        meanLatencyMs: statistics?.meanLatencyMs ?? null,
      };
    }),
    tests: run.suite.tests.map((test) => ({ index: test.index, description: test.description ?? null, vars: test.vars })),
    cells: run.cells.map((cell) => ({
      testIndex: cell.testIndex,
      variantIndex: cell.variantIndex,
      repeat: cell.repeatIndex,
      pass: cell.pass,
      score: cell.score,
      output: cell.output,
      error: cell.status === "error" ? (cell.error ?? cell.reason) : null,
      latencyMs: cell.latencyMs,
      costUsd: cell.costUsd ?? null,
      assertions: cell.assertions.map((assertion) => ({ type: assertion.type, pass: assertion.pass, score: assertion.score, reason: assertion.reason })),
    })),
  };
}

/** Run b against baseline a: the evals library's paired statistics, and each shared test's first repeat for the diff. */
function comparisonView(runA: EvalRun, runB: EvalRun): EvalComparisonView {
  const comparison = compareRuns(runA, runB);
  const meanScore = (run: EvalRun, label: string) => run.statistics.variants.find((item) => item.label === label)?.meanScore.estimate ?? 0;
  const keysA = testKeys(runA);
  const indexA = new Map(keysA.map((key, index) => [key, index]));
  const cells: EvalComparedCellView[] = [];
  for (const change of comparison.variants) {
    const variantA = runA.suite.variants.find((variant) => variant.label === change.label)!.index;
    const variantB = runB.suite.variants.find((variant) => variant.label === change.label)!.index;
    testKeys(runB).forEach((key, testB) => {
      const testA = indexA.get(key);
      const test = runB.suite.tests[testB]!;
      cells.push({
        testIndex: testB,
        description: test.description ?? null,
        vars: test.vars,
        variant: change.label,
        a: testA === undefined ? null : side(firstCell(runA, testA, variantA)),
        b: side(firstCell(runB, testB, variantB)),
      });
    });
  }
  return {
    a: runSummary(runA),
    b: runSummary(runB),
    variants: comparison.variants.map((change) => ({
      label: change.label,
      tests: change.tests,
      a: { passRate: change.passRateA, meanScore: meanScore(runA, change.label) },
      b: { passRate: change.passRateB, meanScore: meanScore(runB, change.label) },
      meanDifference: change.scoreDifference.estimate,
      interval: [change.scoreDifference.low, change.scoreDifference.high],
      scorePValue: change.scoreDifference.pValue,
      passFailPValue: change.passFail.pValue,
      significant: change.significant,
      improvements: change.improvements.length,
      regressions: change.regressions.length,
    })),
    cells,
  };
}

/** Tests are matched across runs by description and vars (as the evals library does); repeats of one key are numbered. */
function testKeys(run: EvalRun): string[] {
  const seen = new Map<string, number>();
  return run.suite.tests.map((test) => {
    const base = JSON.stringify([test.description ?? null, sortKeys(test.vars)]);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return `${base}#${count}`;
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, sortKeys(item)]));
}

function firstCell(run: EvalRun, testIndex: number, variantIndex: number): CellResult | undefined {
  return run.cells.find((cell) => cell.testIndex === testIndex && cell.variantIndex === variantIndex && cell.repeatIndex === 0);
}

function side(cell: CellResult | undefined): EvalComparedCellView["a"] {
  return cell === undefined ? null : { output: cell.status === "error" ? `error: ${cell.error ?? cell.reason}` : cell.output, pass: cell.pass, score: cell.score };
}
