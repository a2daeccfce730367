import type { Flywheel } from "../runtime/index.js";
import type { CleanOptions } from "./clean/clean-rows.js";
import { saveDatasetVersion } from "./save-dataset-version.js";
import type { SavedDatasetVersion } from "./save-dataset-version.js";
import { rowsFromTraces } from "./sources/from-traces.js";
import type { TraceSelection, TraceSourceReport } from "./sources/from-traces.js";
import type { SplitOptions } from "./split/grouped-split.js";

/** Options of `createDatasetFromTraces`. */
export interface CreateFromTracesOptions {
  name: string;
  /** Which traces to take. */
  selection?: TraceSelection;
  clean?: CleanOptions;
  split?: SplitOptions;
}

/**
 * Creates the next version of a dataset from traces: one row per trace (a person's
 * correction replaces the model's reply), cleaned, split, stored in one transaction.
 * Cleaning and split settings not given come from `datasets` in config.
 */
export async function createDatasetFromTraces(flywheel: Pick<Flywheel, "store" | "config">, options: CreateFromTracesOptions): Promise<SavedDatasetVersion & { sourceReport: TraceSourceReport }> {
  const selection = options.selection ?? {};
  const { rows, report } = await rowsFromTraces(flywheel.store, selection);
  const saved = await saveDatasetVersion(flywheel, {
    name: options.name,
    rows,
    source: { kind: "traces", filters: selection },
    sourceReport: { ...report },
    ...(options.clean === undefined ? {} : { clean: options.clean }),
    ...(options.split === undefined ? {} : { split: options.split }),
  });
  return { ...saved, sourceReport: report };
}
