import type { EvalCellRecord } from "../../store/index.js";
import type { CellResult } from "./cell-result.js";

/** A cell as the store keeps it. */
export function toCellRecord(runId: string, cell: CellResult): EvalCellRecord {
  const { testIndex, variantIndex, repeatIndex, status, score, latencyMs, costUsd, traceId, ...rest } = cell;
  return {
    runId,
    testIndex,
    variantIndex,
    repeatIndex,
    status,
    score,
    latencyMs,
    costUsd: costUsd ?? null,
    traceId: traceId ?? null,
    createdAt: Date.now(),
    result: rest as unknown as Record<string, unknown>,
  };
}

/** A stored cell back as a CellResult. */
export function fromCellRecord(record: EvalCellRecord): CellResult {
  const result = record.result as unknown as Omit<CellResult, "testIndex" | "variantIndex" | "repeatIndex" | "status" | "score" | "latencyMs" | "costUsd" | "traceId">;
  return {
    ...result,
    testIndex: record.testIndex,
    variantIndex: record.variantIndex,
    repeatIndex: record.repeatIndex,
    status: record.status,
    score: record.score,
    latencyMs: record.latencyMs ?? 0,
    ...(record.costUsd === null ? {} : { costUsd: record.costUsd }),
    ...(record.traceId === null ? {} : { traceId: record.traceId }),
  };
}
