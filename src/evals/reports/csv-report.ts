import { stringify } from "csv-stringify/sync";
import type { EvalRun } from "../runner/eval-run.js";

/** One row per cell: test, variant, verdict, score, reason, output, latency, cost, trace. */
export function toCsvReport(run: EvalRun): string {
  const rows = run.cells.map((cell) => {
    const test = run.suite.tests[cell.testIndex];
    return [
      cell.testIndex,
      test?.description ?? "",
      JSON.stringify(test?.vars ?? {}),
      run.suite.variants[cell.variantIndex]?.label ?? cell.variantIndex,
      cell.repeatIndex,
      cell.status,
      cell.score,
      cell.reason,
      cell.output,
      Math.round(cell.latencyMs),
      cell.costUsd ?? "",
      cell.traceId ?? "",
    ];
  });
  return stringify(rows, { header: true, columns: ["testIndex", "description", "vars", "variant", "repeat", "status", "score", "reason", "output", "latencyMs", "costUsd", "traceId"] });
}
