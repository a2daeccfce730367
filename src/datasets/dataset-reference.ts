import { UsageError } from "../errors/index.js";
import type { DatasetVersionRecord, Store } from "../store/index.js";
import { DatasetNotFoundError } from "./dataset-errors.js";
import { datasetRowSchema } from "./dataset-row.js";
import type { DatasetRow, DatasetSplit } from "./dataset-row.js";

const namePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

/** Checks a dataset name: letters, digits, `.`, `_`, `-`, at most 80 characters. */
export function checkDatasetName(name: string): string {
  if (!namePattern.test(name)) {
    throw new UsageError(`"${name}" is not a valid dataset name`, "use letters, digits, '.', '_' and '-', e.g. support-replies");
  }
  return name;
}

/** `name` or `name@version`, parsed. */
export function parseDatasetReference(reference: string): { name: string; version: number | undefined } {
  const at = reference.lastIndexOf("@");
  if (at <= 0) return { name: checkDatasetName(reference), version: undefined };
  const version = Number(reference.slice(at + 1).replace(/^v/, ""));
  if (!Number.isInteger(version) || version < 1) {
    throw new UsageError(`invalid dataset version in "${reference}"`, "write name@N with N a version number, e.g. support@2");
  }
  return { name: checkDatasetName(reference.slice(0, at)), version };
}

/** The version a reference names (the latest when it names none); throws when there is none. */
export async function resolveDatasetVersion(store: Store, reference: string): Promise<DatasetVersionRecord> {
  const { name, version } = parseDatasetReference(reference);
  const record = await store.datasets.getVersion(name, version);
  if (record === undefined) throw new DatasetNotFoundError({ reference });
  return record;
}

/** The rows of a version (one split when given), parsed. */
export async function readDatasetRows(store: Store, version: DatasetVersionRecord, options: { split?: DatasetSplit; limit?: number } = {}): Promise<DatasetRow[]> {
  const stored = await store.datasets.rows(version.dataset, version.version, options);
  return stored.map((row) => datasetRowSchema.parse(JSON.parse(row.body)));
}
