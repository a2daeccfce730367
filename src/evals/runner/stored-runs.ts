import { NotFoundError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { EvalRunRecord, EvalRunStatus } from "../../store/index.js";
import type { RunStatistics } from "../stats/run-statistics.js";
import { computeRunStatistics } from "../stats/run-statistics.js";
import { fromCellRecord } from "./cell-records.js";
import type { EvalRun, RunSnapshot } from "./eval-run.js";

/** One row of the run list. */
export interface EvalRunSummary {
  runId: string;
  name?: string;
  status: EvalRunStatus;
  createdAt: number;
  finishedAt?: number;
  suiteFile?: string;
  cells: number;
  passed: number;
  failed: number;
  errors: number;
  /** Variant labels. */
  variants: string[];
}

/** Lists stored eval runs, newest first (the workbench's run list). */
export async function listEvalRuns(flywheel: Flywheel, options: { limit?: number; offset?: number } = {}): Promise<EvalRunSummary[]> {
  return (await flywheel.store.evals.listRuns(options)).map(toSummary);
}

/** A stored run with its cells and statistics, by id or unique id prefix. Throws NotFoundError when absent. */
export async function getEvalRun(flywheel: Flywheel, runIdOrPrefix: string): Promise<EvalRun> {
  const record = await flywheel.store.evals.getRun(runIdOrPrefix);
  if (record === undefined) throw new NotFoundError({ what: "eval run", id: runIdOrPrefix, hint: "list runs with `flywheel eval list`" });
  const cells = (await flywheel.store.evals.getCells(record.runId)).map(fromCellRecord);
  const suite = record.suite as RunSnapshot;
  const statistics = record.status === "completed" && record.summary !== null ? (record.summary as RunStatistics) : computeRunStatistics(cells, { variants: suite.variants, seed: suite.seed, derivedMetrics: suite.derivedMetrics });
  return {
    runId: record.runId,
    ...(record.name === null ? {} : { name: record.name }),
    status: record.status,
    createdAt: record.createdAt,
    ...(record.finishedAt === null ? {} : { finishedAt: record.finishedAt }),
    suite,
    cells,
    statistics,
  };
}

/** A run record as a list row. */
export function toSummary(record: EvalRunRecord): EvalRunSummary {
  const suite = record.suite as RunSnapshot;
  return {
    runId: record.runId,
    ...(record.name === null ? {} : { name: record.name }),
    status: record.status,
    createdAt: record.createdAt,
    ...(record.finishedAt === null ? {} : { finishedAt: record.finishedAt }),
    ...(record.suiteFile === null ? {} : { suiteFile: record.suiteFile }),
    cells: record.cellCount,
    passed: record.passed,
    failed: record.failed,
    errors: record.errors,
    variants: suite.variants.map((variant) => variant.label),
  };
}
