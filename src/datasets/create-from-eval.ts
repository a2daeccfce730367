import { getEvalRun } from "../evals/index.js";
import type { Flywheel } from "../runtime/index.js";
import type { CleanOptions } from "./clean/clean-rows.js";
import { saveDatasetVersion } from "./save-dataset-version.js";
import type { SavedDatasetVersion } from "./save-dataset-version.js";
import { rowsFromEvalRun } from "./sources/from-eval.js";
import type { EvalSourceReport } from "./sources/from-eval.js";
import type { SplitOptions } from "./split/grouped-split.js";

/** Options of `createDatasetFromEval`. */
export interface CreateFromEvalOptions {
  name: string;
  /** Eval run id or unique prefix. */
  run: string;
  /** Only the cells that failed. */
  failedOnly?: boolean;
  clean?: CleanOptions;
  split?: SplitOptions;
}

/** Creates the next version of a dataset from a stored eval run's cases. */
export async function createDatasetFromEval(flywheel: Flywheel, options: CreateFromEvalOptions): Promise<SavedDatasetVersion & { sourceReport: EvalSourceReport }> {
  const run = await getEvalRun(flywheel, options.run);
  const { rows, report } = rowsFromEvalRun(run, { failedOnly: options.failedOnly === true });
  const saved = await saveDatasetVersion(flywheel, {
    name: options.name,
    rows,
    source: { kind: "eval", runId: run.runId, failedOnly: options.failedOnly === true },
    sourceReport: { ...report },
    ...(options.clean === undefined ? {} : { clean: options.clean }),
    ...(options.split === undefined ? {} : { split: options.split }),
  });
  return { ...saved, sourceReport: report };
}
