import { datasetsConfigSchema } from "../../config/index.js";
import type { DatasetRow } from "../dataset-row.js";
import { removeExactDuplicates, removeNearDuplicates } from "./dedupe.js";
import { estimateRowTokens } from "./example-text.js";
import { scrubRows } from "./pii-scrub.js";
import type { PiiCounts } from "./pii-scrub.js";

/** Options of `cleanRows`; every step can be turned off. */
export interface CleanOptions {
  /** Replace secrets and personal data with typed placeholders (default true). */
  scrub?: boolean;
  /** Remove exact duplicates (default true). */
  dedupeExact?: boolean;
  /** Near-duplicate threshold (estimated Jaccard of word 3-shingles); `false` turns the step off (default: that of `datasets.nearDuplicateThreshold`). */
  nearDuplicateThreshold?: number | false;
  /** Drop rows longer than this many (estimated) tokens: the target model's context window. */
  maxTokens?: number;
}

/** What one cleaning step did. */
export interface CleanStepReport {
  step: "pii-scrub" | "exact-dedupe" | "near-dedupe" | "context-limit";
  /** Rows removed by the step. */
  removed: number;
  /** Rows left after it. */
  remaining: number;
  /** Step details: replacements by kind, the threshold, examples. */
  details: Record<string, unknown>;
}

/**
 * Cleans rows in a fixed order, each step reporting what it did: the PII and secret scrub
 * first (so nothing later sees a secret), then exact and near-duplicate removal, then the
 * context limit.
 */
export function cleanRows(input: readonly DatasetRow[], options: CleanOptions = {}): { rows: DatasetRow[]; steps: CleanStepReport[] } {
  const steps: CleanStepReport[] = [];
  let rows: DatasetRow[] = [...input];
  if (options.scrub !== false) {
    const scrubbed = scrubRows(rows);
    rows = scrubbed.rows;
    steps.push({ step: "pii-scrub", removed: 0, remaining: rows.length, details: { rowsChanged: scrubbed.rowsChanged, replaced: scrubbed.counts satisfies PiiCounts } });
  }
  if (options.dedupeExact !== false) {
    const result = removeExactDuplicates(rows);
    rows = result.rows;
    steps.push({ step: "exact-dedupe", removed: result.removed, remaining: rows.length, details: {} });
  }
  const threshold = options.nearDuplicateThreshold ?? datasetsConfigSchema.parse({}).nearDuplicateThreshold;
  if (threshold !== false) {
    const result = removeNearDuplicates(rows, { threshold });
    rows = result.rows;
    steps.push({ step: "near-dedupe", removed: result.removed, remaining: rows.length, details: { threshold, method: "minhash-128-word-3-shingles", examples: result.examples } });
  }
  if (options.maxTokens !== undefined) {
    const limit = options.maxTokens;
    const before = rows.length;
    rows = rows.filter((row) => estimateRowTokens(row) <= limit);
    steps.push({ step: "context-limit", removed: before - rows.length, remaining: rows.length, details: { maxTokens: limit, estimate: "characters / 4 + 4 per message" } });
  }
  return { rows, steps };
}
