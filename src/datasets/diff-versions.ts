import type { Store } from "../store/index.js";
import { resolveDatasetVersion } from "./dataset-reference.js";

/** How two versions of a dataset differ. */
export interface DatasetDiff {
  from: { dataset: string; version: number; rows: number };
  to: { dataset: string; version: number; rows: number };
  /** Rows (by conversation) only in `to`. */
  added: number;
  /** Rows only in `from`. */
  removed: number;
  /** Rows in both whose split changed. */
  moved: number;
  unchanged: number;
  /** A few added and removed rows' first user messages. */
  samples: { added: string[]; removed: string[] };
}

/** Compares two versions row by row (rows are matched by their conversation's hash). */
export async function diffDatasetVersions(store: Store, fromReference: string, toReference: string): Promise<DatasetDiff> {
  const from = await resolveDatasetVersion(store, fromReference);
  const to = await resolveDatasetVersion(store, toReference);
  const fromRows = await store.datasets.rows(from.dataset, from.version);
  const toRows = await store.datasets.rows(to.dataset, to.version);
  const before = new Map(fromRows.map((row) => [row.rowKey, row]));
  const after = new Map(toRows.map((row) => [row.rowKey, row]));
  const diff: DatasetDiff = {
    from: { dataset: from.dataset, version: from.version, rows: from.rowCount },
    to: { dataset: to.dataset, version: to.version, rows: to.rowCount },
    added: 0,
    removed: 0,
    moved: 0,
    unchanged: 0,
    samples: { added: [], removed: [] },
  };
  for (const [key, row] of after) {
    const old = before.get(key);
    if (old === undefined) {
      diff.added += 1;
      if (diff.samples.added.length < 5) diff.samples.added.push(firstUser(row.body));
    } else if (old.split !== row.split) diff.moved += 1;
    else diff.unchanged += 1;
  }
  for (const [key, row] of before) {
    if (after.has(key)) continue;
    diff.removed += 1;
    if (diff.samples.removed.length < 5) diff.samples.removed.push(firstUser(row.body));
  }
  return diff;
}

function firstUser(body: string): string {
  try {
    const row = JSON.parse(body) as { messages?: { role: string; content: string }[] };
    const text = row.messages?.find((message) => message.role === "user")?.content ?? "";
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return "";
  }
}
