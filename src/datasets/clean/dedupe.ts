import { datasetsConfigSchema } from "../../config/index.js";
import { rowKey } from "../content-hash.js";
import type { DatasetRow } from "../dataset-row.js";
import { exampleText } from "./example-text.js";
import { MinHasher, similarPairs } from "./minhash.js";

/** Removes rows whose conversation and tools equal an earlier row's; keeps the first. */
export function removeExactDuplicates(rows: readonly DatasetRow[]): { rows: DatasetRow[]; removed: number } {
  const seen = new Set<string>();
  const kept: DatasetRow[] = [];
  for (const row of rows) {
    const key = rowKey(row);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(row);
  }
  return { rows: kept, removed: rows.length - kept.length };
}

/** Options of `removeNearDuplicates`. */
export interface NearDuplicateOptions {
  /** Estimated Jaccard similarity of word shingles at or above which a later row is removed (default: that of `datasets.nearDuplicateThreshold`). */
  threshold?: number;
  /** Words per shingle (default 3). */
  shingleSize?: number;
}

/**
 * Removes rows that are near-duplicates (MinHash over word shingles, LSH to find candidates)
 * of an earlier kept row. Returns the kept rows and examples of what was removed.
 */
export function removeNearDuplicates(
  rows: readonly DatasetRow[],
  options: NearDuplicateOptions = {},
): { rows: DatasetRow[]; removed: number; examples: { kept: string; removed: string; similarity: number }[] } {
  const threshold = options.threshold ?? datasetsConfigSchema.parse({}).nearDuplicateThreshold;
  const hasher = new MinHasher({ shingleSize: options.shingleSize ?? 3 });
  const texts = rows.map(exampleText);
  const signatures = texts.map((text) => hasher.signature(text));
  const removedBy = new Map<number, [number, number]>();
  for (const [a, b, similarity] of similarPairs(signatures, threshold)) {
    // Pairs come sorted by the earlier index: drop the later row unless its partner is already dropped.
    if (removedBy.has(a) || removedBy.has(b)) continue;
    removedBy.set(b, [a, similarity]);
  }
  const kept = rows.filter((_row, index) => !removedBy.has(index));
  const examples = [...removedBy.entries()].slice(0, 5).map(([index, [keptIndex, similarity]]) => ({
    kept: preview(texts[keptIndex]!),
    removed: preview(texts[index]!),
    similarity: Math.round(similarity * 1000) / 1000,
  }));
  return { rows: kept, removed: rows.length - kept.length, examples };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
