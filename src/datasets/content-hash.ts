import { createHash } from "node:crypto";
import type { DatasetRow } from "./dataset-row.js";

/** JSON with object keys sorted, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = sortKeys(item);
    }
    return out;
  }
  return value;
}

/** SHA-256 (hex) of a row's conversation and tools: the identity used for exact dedupe and diffs. */
export function rowKey(row: DatasetRow): string {
  return createHash("sha256").update(canonicalJson({ messages: row.messages, tools: row.tools })).digest("hex");
}

/** SHA-256 (hex) of a whole version: every row (split and metadata included), in order. */
export function contentHash(rows: readonly DatasetRow[]): string {
  const hash = createHash("sha256");
  for (const row of rows) hash.update(canonicalJson(row)).update("\n");
  return hash.digest("hex");
}
