// Radar duplicate grouping: pairwise precision and recall of the clusters on two labelled
// fixtures of AI news (test/fixtures/radar/dedup-tune.json, on which the thresholds were chosen,
// and dedup-confirm.json, only evaluated), with and without the title-embedding signal, and the
// time grouping takes per 1,000 items excluding model calls (titles are embedded once, before
// timing). The threshold sweep on the tune set is recorded, so the choice can be checked.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { embedMany } from "ai";
import { createLocalProvider } from "../src/models/local/index.js";
import { canonicalUrl, contentHash, groupDuplicates, NUMBER_WEIGHT, TEXT_JACCARD_THRESHOLD, TITLE_MATCH_THRESHOLD } from "../src/radar/dedup/index.js";
import type { GroupableItem, GroupingThresholds } from "../src/radar/dedup/index.js";
import { modelHome } from "../test/support/local-provider-handle.js";
import { reportBench, summarize } from "./support/results.js";
import type { BenchRow } from "./support/results.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "radar");
const TIMING_RUNS = 7;

/** A labelled fixture entry: a feed item and the story it tells. */
interface LabelledItem {
  group: string;
  url: string;
  title: string;
  text: string;
}

/** A fixture as grouping sees it: one item per canonical URL, and each entry's item. */
interface PreparedSet {
  entries: LabelledItem[];
  items: GroupableItem[];
  itemOfEntry: number[];
}

/** Reads a fixture's entries. */
function readSet(name: string): LabelledItem[] {
  return (JSON.parse(readFileSync(path.join(fixtures, `dedup-${name}.json`), "utf8")) as { items: LabelledItem[] }).items;
}

/** Gives entries their identity (entries linking one canonical URL are one story, as ingest groups them). */
function identify(entries: LabelledItem[]): PreparedSet {
  const indexOfId = new Map<string, number>();
  const items: GroupableItem[] = [];
  const itemOfEntry = entries.map((entry) => {
    const id = canonicalUrl(entry.url);
    if (!indexOfId.has(id)) {
      indexOfId.set(id, items.length);
      items.push({ title: entry.title, text: entry.text, contentHash: contentHash(entry.title, entry.text), fresh: true });
    }
    return indexOfId.get(id)!;
  });
  return { entries, items, itemOfEntry };
}

/** Pairwise precision and recall: of entry pairs put together, the share labelled one story, and of pairs labelled one story, the share put together. */
function pairwiseScores(set: PreparedSet, roots: readonly number[]): { precision: number; recall: number; truePairs: number } {
  let together = 0;
  let same = 0;
  let both = 0;
  const { entries, itemOfEntry } = set;
  for (let a = 0; a < entries.length; a++) {
    for (let b = a + 1; b < entries.length; b++) {
      const predicted = roots[itemOfEntry[a]!] === roots[itemOfEntry[b]!];
      const actual = entries[a]!.group === entries[b]!.group;
      if (predicted) together++;
      if (actual) same++;
      if (predicted && actual) both++;
    }
  }
  return { precision: together === 0 ? 1 : both / together, recall: same === 0 ? 1 : both / same, truePairs: same };
}

export async function run(): Promise<void> {
  const sets = { tune: identify(readSet("tune")), confirm: identify(readSet("confirm")) };
  const embedder = createLocalProvider({ home: modelHome }).embeddingModel("embed");
  for (const set of Object.values(sets)) {
    const { embeddings } = await embedMany({ model: embedder, values: set.items.map((item) => item.title) });
    set.items.forEach((item, index) => (item.titleVector = embeddings[index]));
  }
  const withoutVectors = (set: PreparedSet): PreparedSet => ({ ...set, items: set.items.map(({ titleVector: _, ...item }) => item) });

  const sweep: (GroupingThresholds & { precision: number; recall: number })[] = [];
  for (const textJaccard of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    for (const numberWeight of [1, 1.5, 2]) {
      for (let step = 1; step <= 12; step++) {
        const thresholds = { textJaccard, numberWeight, titleMatch: Math.round((1 + step * 0.05) * 100) / 100 };
        sweep.push({ ...thresholds, ...pairwiseScores(sets.tune, groupDuplicates(sets.tune.items, thresholds)) });
      }
    }
  }

  const rows: BenchRow[] = [];
  const targets = [];
  for (const [name, set] of Object.entries(sets)) {
    for (const [signal, variant] of [["minhash + title embeddings", set], ["minhash only", withoutVectors(set)]] as const) {
      const scores = pairwiseScores(variant, groupDuplicates(variant.items));
      const times = Array.from({ length: TIMING_RUNS }, () => {
        const start = performance.now();
        const identified = identify(variant.entries);
        groupDuplicates(identified.items.map((item, index) => ({ ...item, ...(variant.items[index]!.titleVector === undefined ? {} : { titleVector: variant.items[index]!.titleVector }) })));
        return performance.now() - start;
      });
      const msPer1000 = (summarize(times).p50 / variant.entries.length) * 1000;
      rows.push({ name: `${name}: ${signal}`, values: { entries: variant.entries.length, items: variant.items.length, stories: new Set(variant.entries.map((entry) => entry.group)).size, truePairs: scores.truePairs, precision: scores.precision, recall: scores.recall, msPer1000Items: msPer1000 } });
      if (signal === "minhash + title embeddings") {
        targets.push({ name: `${name} precision`, target: ">= 0.95", value: scores.precision, met: scores.precision >= 0.95 });
        targets.push({ name: `${name} recall`, target: ">= 0.90", value: scores.recall, met: scores.recall >= 0.9 });
      }
    }
  }
  // Scale: the tune set 16 times (~5,000 entries), each copy's numbers shifted so that copies are
  // different stories, timed the same way (grouping cost grows with shared numbers and shingles).
  const scaled = Array.from({ length: 16 }, (_, copy) => sets.tune.entries.map((entry) => ({ ...entry, group: `${entry.group}-${copy}`, url: `${entry.url}${entry.url.includes("?") ? "&" : "?"}copy=${copy}`, title: `${entry.title} (${copy})`, text: entry.text.replace(/\d+/g, (digits) => String(Number(digits) + copy * 1000)) }))).flat();
  const entryVectors = Array.from({ length: 16 }, () => sets.tune.itemOfEntry.map((item) => sets.tune.items[item]!.titleVector!)).flat();
  const scaledVectors: (readonly number[])[] = [];
  identify(scaled).itemOfEntry.forEach((item, entry) => (scaledVectors[item] ??= entryVectors[entry]!));
  const scaleTimes = Array.from({ length: 3 }, () => {
    const start = performance.now();
    groupDuplicates(identify(scaled).items.map((item, index) => ({ ...item, titleVector: scaledVectors[index]! })));
    return performance.now() - start;
  });
  rows.push({ name: "scale: tune set x16, numbers shifted per copy", values: { entries: scaled.length, msPer1000Items: (summarize(scaleTimes).p50 / scaled.length) * 1000, totalMs: summarize(scaleTimes).p50 } });
  reportBench({
    benchmark: "radar-dedup",
    setup: {
      fixtures: "test/fixtures/radar/dedup-tune.json (thresholds chosen on it), dedup-confirm.json (evaluated only)",
      thresholds: { textJaccard: TEXT_JACCARD_THRESHOLD, titleMatch: TITLE_MATCH_THRESHOLD, numberWeight: NUMBER_WEIGHT },
      embedder: "local:embed (all-MiniLM-L6-v2), titles embedded before timing",
      timing: `median of ${TIMING_RUNS} runs (3 at scale) of identity (canonical URL, hashes) and grouping, per 1,000 fixture entries, model calls excluded`,
      cores: os.cpus().length,
      sweepOnTune: sweep,
    },
    rows,
    targets,
  });
}
