import type { CellResult } from "../runner/cell-result.js";
import type { EvalRun } from "../runner/eval-run.js";

/** One result (cell) in the JSON report. */
export interface JsonReportResult {
  testIndex: number;
  description?: string;
  vars: Record<string, unknown>;
  variant: string;
  variantIndex: number;
  repeat: number;
  pass: boolean;
  status: CellResult["status"];
  score: number;
  reason: string;
  output: string;
  prompt?: string;
  error?: string;
  latencyMs: number;
  costUsd?: number;
  cached: boolean;
  namedScores: Record<string, number>;
  assertions: CellResult["assertions"];
  /** Open it with `flywheel traces show <traceId>`. */
  traceId?: string;
}

/** The JSON report: `summary` counts cells (one test on one variant, one repeat), `results` has one entry per cell. */
export interface JsonReport {
  runId: string;
  name?: string;
  status: string;
  createdAt: string;
  suite: { description?: string; file?: string; variants: EvalRun["suite"]["variants"]; tests: number; repeat: number };
  summary: { passed: number; failed: number; errors: number; total: number };
  statistics: EvalRun["statistics"];
  results: JsonReportResult[];
}

/** The run as the JSON report document. */
export function toJsonReport(run: EvalRun): JsonReport {
  const { totals } = run.statistics;
  return {
    runId: run.runId,
    ...(run.name === undefined ? {} : { name: run.name }),
    status: run.status,
    createdAt: new Date(run.createdAt).toISOString(),
    suite: { description: run.suite.description, file: run.suite.file, variants: run.suite.variants, tests: run.suite.tests.length, repeat: run.suite.repeat },
    summary: { passed: totals.passed, failed: totals.failed, errors: totals.errors, total: totals.cells },
    statistics: run.statistics,
    results: run.cells.map((cell) => toJsonResult(run, cell)),
  };
}

/** One cell as a JSON report result. */
export function toJsonResult(run: EvalRun, cell: CellResult): JsonReportResult {
  const test = run.suite.tests[cell.testIndex];
  return {
    testIndex: cell.testIndex,
    ...(test?.description === undefined ? {} : { description: test.description }),
    vars: test?.vars ?? {},
    variant: run.suite.variants[cell.variantIndex]?.label ?? String(cell.variantIndex),
    variantIndex: cell.variantIndex,
    repeat: cell.repeatIndex,
    pass: cell.pass,
    status: cell.status,
    score: cell.score,
    reason: cell.reason,
    output: cell.output,
    ...(cell.prompt === undefined ? {} : { prompt: cell.prompt }),
    ...(cell.error === undefined ? {} : { error: cell.error }),
    latencyMs: cell.latencyMs,
    ...(cell.costUsd === undefined ? {} : { costUsd: cell.costUsd }),
    cached: cell.cached,
    namedScores: cell.namedScores,
    assertions: cell.assertions,
    ...(cell.traceId === undefined ? {} : { traceId: cell.traceId }),
  };
}

/** One JSON result per line. */
export function toJsonLines(run: EvalRun): string {
  return run.cells.map((cell) => JSON.stringify(toJsonResult(run, cell))).join("\n") + "\n";
}
