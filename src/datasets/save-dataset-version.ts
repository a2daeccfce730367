import type { Flywheel } from "../runtime/index.js";
import type { DatasetVersionRecord } from "../store/index.js";
import { cleanRows } from "./clean/clean-rows.js";
import type { CleanOptions, CleanStepReport } from "./clean/clean-rows.js";
import { scrubValue } from "./clean/pii-scrub.js";
import { canonicalJson, contentHash, rowKey } from "./content-hash.js";
import { EmptyDatasetError } from "./dataset-errors.js";
import { checkDatasetName } from "./dataset-reference.js";
import type { DatasetRow } from "./dataset-row.js";
import { splitRows } from "./split/grouped-split.js";
import type { SplitOptions } from "./split/grouped-split.js";

/** Options of `saveDatasetVersion`. */
export interface SaveDatasetVersionOptions {
  /** Dataset name. */
  name: string;
  /** Rows as read from the source, before cleaning. */
  rows: readonly DatasetRow[];
  /** What the rows came from (kind, filters, file); scrubbed and stored with the version. */
  source: Record<string, unknown>;
  /** What reading the source reported (rows read, skipped); stored in the version's report. */
  sourceReport?: Record<string, unknown>;
  /** Cleaning steps; an unset threshold comes from `datasets` in config. */
  clean?: CleanOptions;
  /**
   * Split settings (an unset seed, fraction or group threshold comes from `datasets` in
   * config), or `keep` to keep the rows' own splits (rows without one go to train).
   */
  split?: SplitOptions | "keep";
  /** Clock, for tests (default `Date.now`). */
  now?: () => number;
}

/** The stored version, and whether an identical latest version made a new one unnecessary. */
export interface SavedDatasetVersion {
  version: DatasetVersionRecord;
  /** True when the latest version already had exactly these rows; no version was added. */
  unchanged: boolean;
  /** What each cleaning step did. */
  steps: CleanStepReport[];
}

/**
 * Cleans, splits and stores rows as the next immutable version of a dataset, in one
 * transaction: a failure at any point leaves no partial version. Identical content to the
 * latest version adds nothing (so re-running a step is safe). Settings the options leave
 * unset come from the `datasets` section of the runtime's config.
 */
export async function saveDatasetVersion(flywheel: Pick<Flywheel, "store" | "config">, options: SaveDatasetVersionOptions): Promise<SavedDatasetVersion> {
  const { store } = flywheel;
  const configured = flywheel.config.datasets;
  const name = checkDatasetName(options.name);
  if (options.rows.length === 0) throw new EmptyDatasetError({ reason: "the source gave no rows" });
  const cleaned = cleanRows(options.rows, { ...options.clean, nearDuplicateThreshold: options.clean?.nearDuplicateThreshold ?? configured.nearDuplicateThreshold });
  if (cleaned.rows.length === 0) {
    throw new EmptyDatasetError({ reason: `cleaning removed all ${options.rows.length} rows`, hint: "loosen the cleaning (--near-dup-threshold, --max-tokens)" });
  }
  const split =
    options.split === "keep"
      ? { rows: cleaned.rows.map((row) => ({ ...row, split: row.split ?? ("train" as const) })), groups: undefined, seed: undefined }
      : splitRows(cleaned.rows, {
          seed: options.split?.seed ?? configured.seed,
          fractions: options.split?.fractions ?? configured.split,
          groupThreshold: options.split?.groupThreshold ?? configured.groupThreshold,
        });
  const rows = split.rows;
  const counts = { train: 0, validation: 0, test: 0 };
  for (const row of rows) counts[row.split ?? "train"] += 1;
  const hash = contentHash(rows);
  const latest = await store.datasets.getVersion(name);
  if (latest !== undefined && latest.contentHash === hash) return { version: latest, unchanged: true, steps: cleaned.steps };
  const report = {
    input: options.rows.length,
    ...(options.sourceReport === undefined ? {} : { source: options.sourceReport }),
    cleaning: cleaned.steps,
    split: options.split === "keep" ? { kept: true, counts } : { seed: split.seed, groups: split.groups, counts },
  };
  const version = await store.datasets.appendVersion({
    dataset: name,
    contentHash: hash,
    splits: counts,
    source: scrubValue(options.source),
    report: scrubValue(report),
    rows: rows.map((row) => ({ split: row.split ?? null, rowKey: rowKey(row), body: canonicalJson(row) })),
    createdAt: (options.now ?? Date.now)(),
  });
  return { version, unchanged: false, steps: cleaned.steps };
}
