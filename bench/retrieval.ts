// Retrieval quality on BEIR-layout sets: BM25, vector, hybrid with the fixed config weights, and
// the default mode (auto: each collection's calibration), with "default minus the better single
// mode" per set against the target (>= -0.005). The shared sets come from $FLYWHEEL_DATASETS
// (never copied into the repository); the manual-page sets are built from Debian's packages on
// first use (bench/support/manpage-sets.ts). The calibration rule was tuned on msmarco-5k,
// dbpedia-5k and manpages-de; the other sets confirm it. The embedding model is
// $FLYWHEEL_BENCH_EMBED (default local:embed); the store lives under FLYWHEEL_HOME
// ($FLYWHEEL_BENCH_DB to put it elsewhere) so a second run embeds nothing.
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { benchRetrieval, calibrateCollection, createFlywheel, loadConfig } from "../src/index.js";
import { localProviderHandle, modelHome } from "../test/support/local-provider-handle.js";
import { datasetFolder } from "./support/dataset-folder.js";
import { MANPAGE_SETS, manpageSetFolder } from "./support/manpage-sets.js";
import { reportBench } from "./support/results.js";
import type { BenchRow } from "./support/results.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Sets the calibration rule was tuned on; every other set is held out. */
const TUNED_ON = new Set(["msmarco-5k", "dbpedia-5k", "manpages-de"]);
/** How far below the better single mode the default may score. */
const TOLERANCE = 0.005;

export async function run(): Promise<void> {
  const storeFolder = path.join(modelHome, "bench");
  mkdirSync(storeFolder, { recursive: true });
  const embeddingModel = process.env.FLYWHEEL_BENCH_EMBED || "local:embed";
  const database = process.env.FLYWHEEL_BENCH_DB || path.join(storeFolder, "retrieval.db");
  const config = await loadConfig({ cwd: root, env: { ...process.env, FLYWHEEL_DB: database }, overrides: { traces: { enabled: false } } });
  const flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
  const sets = [
    ...["msmarco-5k", "dbpedia-5k"].map((name) => ({ name, folder: datasetFolder(name), source: "shared BEIR set" })),
    ...MANPAGE_SETS.map((set) => {
      const folder = manpageSetFolder(set);
      return { name: set.name, folder, source: folder === undefined ? set.debianPackage : (JSON.parse(readFileSync(path.join(folder, "manifest.json"), "utf8")) as { source: string }).source };
    }),
  ];
  const rows: BenchRow[] = [];
  const targets = [];
  const setup: Record<string, unknown> = { embeddingModel, chunkSize: config.rag.chunkSize, chunkOverlap: config.rag.chunkOverlap, hybrid: { weights: config.rag.weights, rrfK: config.rag.rrfK }, bm25: "FTS5 (porter stemming for english)", tunedOn: [...TUNED_ON] };
  try {
    for (const { name, folder, source } of sets) {
      if (folder === undefined) {
        console.log(`retrieval: ${name} skipped: not found (set FLYWHEEL_DATASETS to the folder that holds the shared BEIR sets)`);
        continue;
      }
      const ingested = await benchRetrieval(flywheel, { folder, modes: [], embeddingModel });
      const collection = (await flywheel.store.collections.get(ingested.collection))!;
      const calibration = await calibrateCollection(flywheel, collection);
      const measured = await benchRetrieval(flywheel, { folder, modes: ["bm25", "vector", "hybrid", "auto"], embeddingModel });
      const score = Object.fromEntries(measured.modes.map((mode) => [mode.mode, mode.ndcgAt10])) as Record<"bm25" | "vector" | "hybrid" | "auto", number>;
      const best = Math.max(score.bm25, score.vector);
      const role = TUNED_ON.has(name) ? "tuned on" : "held out";
      setup[name] = { source, documents: measured.documents, queries: measured.judgedQueries, role, calibration };
      rows.push({
        name: `${name} (${role})`,
        values: {
          vector: score.vector,
          bm25: score.bm25,
          hybrid: score.hybrid,
          default: score.auto,
          "default - best single": score.auto - best,
          chosen: calibration?.mode ?? "hybrid (not calibrated)",
          "calibration s": calibration?.seconds ?? null,
          queries: measured.judgedQueries,
        },
      });
      targets.push({ name: `${name}: default nDCG@10 minus the better of vector and BM25`, target: `>= -${TOLERANCE}`, value: score.auto - best, met: score.auto - best >= -TOLERANCE });
    }
  } finally {
    await flywheel.close();
  }
  reportBench({ benchmark: "retrieval", setup, rows, targets });
}
