import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageError } from "../../errors/index.js";
import type { Store } from "../../store/index.js";
import { scrubValue } from "../clean/pii-scrub.js";
import { readDatasetRows, resolveDatasetVersion } from "../dataset-reference.js";
import type { DatasetRow, DatasetSplit } from "../dataset-row.js";
import { exportFormats, exportRow } from "./export-formats.js";
import type { ExportFormat } from "./export-formats.js";

/** Options of `exportDataset`. */
export interface ExportDatasetOptions {
  /** `name` or `name@version`. */
  reference: string;
  format: ExportFormat;
  /** File to write (JSONL). */
  out: string;
  /** Only this split (default: every row). */
  split?: DatasetSplit;
}

/** Renders rows as JSONL in a format; scrubbed once more so no secret can leave in a file. */
export function rowsToJsonl(rows: readonly DatasetRow[], format: ExportFormat): string {
  if (!exportFormats.includes(format)) throw new UsageError(`unknown export format "${String(format)}"`, `use one of ${exportFormats.join(", ")}`);
  return rows.map((row) => JSON.stringify(scrubValue(exportRow[format](row)))).join("\n") + (rows.length > 0 ? "\n" : "");
}

/** Writes a dataset version (or one split of it) to a JSONL file in a fine-tuning format. */
export async function exportDataset(store: Store, options: ExportDatasetOptions): Promise<{ rows: number; file: string; dataset: string; version: number }> {
  const version = await resolveDatasetVersion(store, options.reference);
  const rows = await readDatasetRows(store, version, options.split === undefined ? {} : { split: options.split });
  const file = path.resolve(options.out);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, rowsToJsonl(rows, options.format));
  return { rows: rows.length, file, dataset: version.dataset, version: version.version };
}
