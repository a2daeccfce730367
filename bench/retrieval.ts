// Retrieval quality and speed on the BEIR sets in $FLYWHEEL_DATASETS (never copied into the
// repository): BM25, vector and hybrid, plus a small sweep of fusion weights, reported
// honestly per set. Uses local:embed (all-MiniLM-L6-v2, pulled on first use); the store
// lives under FLYWHEEL_HOME so a second run embeds nothing.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchRetrieval, createFlywheel, loadConfig } from "../src/index.js";
import { ragConfigSchema } from "../src/config/index.js";
import { localProviderHandle, modelHome } from "../test/support/local-provider-handle.js";
import { datasetFolder } from "./support/dataset-folder.js";
import { reportBench } from "./support/results.js";
import type { BenchRow } from "./support/results.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const shipped = ragConfigSchema.parse({});
/** Hybrid settings to compare; the first is the shipped default (the `rag` config schema's). */
const HYBRIDS = [
  { weights: shipped.weights, rrfK: shipped.rrfK },
  { weights: { vector: 1, bm25: 0.5 }, rrfK: 60 },
  { weights: { vector: 1, bm25: 1 }, rrfK: shipped.rrfK },
  { weights: { vector: 1, bm25: 0.3 }, rrfK: shipped.rrfK },
];

export async function run(): Promise<void> {
  const storeFolder = path.join(modelHome, "bench");
  mkdirSync(storeFolder, { recursive: true });
  const config = await loadConfig({ cwd: root, env: { ...process.env, FLYWHEEL_DB: path.join(storeFolder, "retrieval.db") }, overrides: { traces: { enabled: false } } });
  const flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
  const rows: BenchRow[] = [];
  const targets = [];
  const setup: Record<string, unknown> = { embeddingModel: "local:embed (all-MiniLM-L6-v2)", chunkSize: 200, chunkOverlap: 30, bm25: "FTS5, porter stemming" };
  try {
    for (const name of ["msmarco-5k", "dbpedia-5k"]) {
      const folder = datasetFolder(name);
      if (folder === undefined) {
        console.log(`retrieval: ${name} skipped: not found (set FLYWHEEL_DATASETS to the folder that holds the BEIR sets)`);
        continue;
      }
      const started = performance.now();
      const base = await benchRetrieval(flywheel, { folder, modes: ["bm25", "vector"], embeddingModel: "local:embed" });
      setup[`${name} ingest`] = { documents: base.documents, chunksEmbeddedThisRun: base.ingest.chunks, chunksPerSecond: base.ingest.chunksPerSecond, seconds: (performance.now() - started) / 1000 };
      const hybrids = [];
      for (const { weights, rrfK } of HYBRIDS) {
        const result = await benchRetrieval(flywheel, { folder, modes: ["hybrid"], embeddingModel: "local:embed", weights, rrfK });
        hybrids.push({ ...result.modes[0]!, label: `hybrid v${weights.vector}:b${weights.bm25} k${rrfK}` });
      }
      for (const mode of [...base.modes.map((item) => ({ ...item, label: item.mode })), ...hybrids]) {
        rows.push({
          name: `${name} ${mode.label}`,
          values: { "nDCG@10": mode.ndcgAt10, "recall@10": mode.recallAt10, "recall@100": mode.recallAt100, "MRR@10": mode.mrrAt10, "queries/s": mode.queriesPerSecond, queries: mode.queries },
        });
      }
      const bestSingle = Math.max(...base.modes.map((mode) => mode.ndcgAt10));
      const defaultHybrid = hybrids[0]!;
      targets.push({ name: `${name}: default hybrid nDCG@10 vs better single mode`, target: `>= ${bestSingle.toFixed(3)}`, value: defaultHybrid.ndcgAt10, met: defaultHybrid.ndcgAt10 >= bestSingle });
    }
  } finally {
    await flywheel.close();
  }
  reportBench({ benchmark: "retrieval", setup, rows, targets });
}
