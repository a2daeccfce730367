import { createHash } from "node:crypto";
import { datasetsConfigSchema } from "../../config/index.js";
import { exampleText } from "../clean/example-text.js";
import { MinHasher, similarPairs } from "../clean/minhash.js";
import { rowKey } from "../content-hash.js";
import { DatasetTooSmallError } from "../dataset-errors.js";
import type { DatasetRow, DatasetSplit } from "../dataset-row.js";

/** Options of `splitRows`; each defaults to the `datasets` config schema's default. */
export interface SplitOptions {
  /** Seed: the same rows and seed always give the same split (default: that of `datasets.seed`). */
  seed?: number;
  /** Fractions of rows for train, validation and test (default: that of `datasets.split`). */
  fractions?: { train: number; validation: number; test: number };
  /** Rows at least this similar (estimated Jaccard of word 3-shingles) share a split (default: that of `datasets.groupThreshold`). */
  groupThreshold?: number;
}

/** Rows with their split, and how the split was made. */
export interface SplitResult {
  rows: DatasetRow[];
  counts: Record<DatasetSplit, number>;
  /** Independent groups: rows in one group always land in one split. */
  groups: number;
  seed: number;
}

/**
 * Splits rows into train, validation and test deterministically by seed, by groups: turns of
 * one conversation (same `metadata.conversationId`, or the same opening messages) and
 * near-duplicates are joined into one group, and a group never straddles two splits.
 * Groups are ordered by a hash of the seed and their content, so the split does not depend
 * on the input order; test is filled first, then validation, and the rest is train.
 */
export function splitRows(rows: readonly DatasetRow[], options: SplitOptions = {}): SplitResult {
  const defaults = datasetsConfigSchema.parse({});
  const seed = options.seed ?? defaults.seed;
  const fractions = options.fractions ?? defaults.split;
  const parent = rows.map((_row, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root]!;
    for (let node = index; parent[node] !== root; ) [node, parent[node]] = [parent[node]!, root];
    return root;
  };
  const union = (a: number, b: number) => {
    const rootA = find(a);
    const rootB = find(b);
    if (rootA !== rootB) parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  };
  const byConversation = new Map<string, number>();
  rows.forEach((row, index) => {
    const key = conversationKey(row);
    const first = byConversation.get(key);
    if (first === undefined) byConversation.set(key, index);
    else union(first, index);
  });
  const hasher = new MinHasher();
  for (const [a, b] of similarPairs(rows.map((row) => hasher.signature(exampleText(row))), options.groupThreshold ?? defaults.groupThreshold)) union(a, b);

  const members = new Map<number, number[]>();
  rows.forEach((_row, index) => {
    const root = find(index);
    const list = members.get(root);
    if (list === undefined) members.set(root, [index]);
    else list.push(index);
  });
  const keys = rows.map(rowKey);
  const groups = [...members.values()]
    .map((indexes) => ({ indexes, order: hashText(`${seed}:${indexes.map((index) => keys[index]!).sort()[0]!}`) }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));

  const wanted = (fraction: number) => (fraction > 0 ? Math.max(1, Math.round(rows.length * fraction)) : 0);
  const targets: [DatasetSplit, number][] = [
    ["test", wanted(fractions.test)],
    ["validation", wanted(fractions.validation)],
  ];
  const trainGroups = fractions.train > 0 ? 1 : 0;
  const needed = trainGroups + targets.filter(([, target]) => target > 0).length;
  if (groups.length < Math.max(1, needed)) {
    throw new DatasetTooSmallError({ rows: rows.length, groups: groups.length, needed });
  }
  const assigned = new Array<DatasetSplit>(rows.length);
  const counts: Record<DatasetSplit, number> = { train: 0, validation: 0, test: 0 };
  let cursor = 0;
  for (const [split, target] of targets) {
    // Leave at least one group for each split still to fill, and for train (when it has a share).
    const reserve = targets.slice(targets.findIndex(([name]) => name === split) + 1).filter(([, t]) => t > 0).length + trainGroups;
    while (counts[split] < target && cursor < groups.length - reserve) {
      for (const index of groups[cursor]!.indexes) assigned[index] = split;
      counts[split] += groups[cursor]!.indexes.length;
      cursor += 1;
    }
  }
  for (; cursor < groups.length; cursor += 1) {
    for (const index of groups[cursor]!.indexes) assigned[index] = "train";
    counts.train += groups[cursor]!.indexes.length;
  }
  return { rows: rows.map((row, index) => ({ ...row, split: assigned[index]! })), counts, groups: groups.length, seed };
}

/** Rows of one conversation share their system prompt and first user message, or an explicit id. */
function conversationKey(row: DatasetRow): string {
  const explicit = row.metadata?.conversationId;
  if (typeof explicit === "string" && explicit !== "") return `id:${explicit}`;
  const system = row.messages.find((message) => message.role === "system")?.content ?? "";
  const firstUser = row.messages.find((message) => message.role === "user")?.content ?? "";
  // Later turns of a conversation repeat its opening, so rows that open alike are kept together
  // (two single-turn rows with the same prompt are grouped too, which is what a split wants).
  return `open:${hashText(`${system}\u0000${firstUser}`)}`;
}

function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
