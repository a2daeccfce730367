// Reranking: nDCG@10 gain against cost per query. The first stage is the default search
// (hybrid, shipped weights) on the BEIR sets in $FLYWHEEL_DATASETS; its top candidates are
// reranked pointwise (yes/no probability) and listwise by embedded chat models, on a fixed
// subset of queries (the first N judged queries of each set, in file order).
// FLYWHEEL_BENCH_RERANK_QUERIES (default 20), FLYWHEEL_BENCH_RERANK_DEPTH (candidates, default 10),
// FLYWHEEL_BENCH_RERANK_SETS (default msmarco-5k,dbpedia-5k), FLYWHEEL_BENCH_RERANK_RUNS
// (model/method[/queries], default the list below) and FLYWHEEL_BENCH_THREADS (default 1) narrow it;
// FLYWHEEL_BENCH_RERANK_NAME (default rerank) names the results file, for runs side by side.
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createFlywheel, loadConfig, rerank, search } from "../src/index.js";
import type { Flywheel, RerankMethod, SearchHit } from "../src/index.js";
import { localProviderHandle } from "../src/models/local/index.js";
import { readBeirDataset } from "../src/rag/bench/beir-dataset.js";
import { meanMetrics, queryMetrics } from "../src/rag/bench/retrieval-metrics.js";
import { modelHome } from "../test/support/local-provider-handle.js";
import { datasetFolder } from "./support/dataset-folder.js";
import { reportBench } from "./support/results.js";
import type { BenchRow } from "./support/results.js";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const queryCount = Number(process.env.FLYWHEEL_BENCH_RERANK_QUERIES ?? 20);
const depth = Number(process.env.FLYWHEEL_BENCH_RERANK_DEPTH ?? 10);
const threads = Number(process.env.FLYWHEEL_BENCH_THREADS ?? 1);
const resultsName = process.env.FLYWHEEL_BENCH_RERANK_NAME ?? "rerank";
const sets = (process.env.FLYWHEEL_BENCH_RERANK_SETS ?? "msmarco-5k,dbpedia-5k").split(",");
/** Rerankers compared, as `model/method[/queries]` (a slower model may see fewer queries). */
const runs = (process.env.FLYWHEEL_BENCH_RERANK_RUNS ?? "local:qwen2.5-coder-0.5b/pointwise,local:qwen2.5-coder-1.5b/pointwise/5,local:qwen2.5-coder-0.5b/listwise").split(",").map((run) => {
  const [model, method, queries] = run.split("/");
  return { model: model!, method: method as RerankMethod, queries: queries === undefined ? queryCount : Number(queries) };
});

/** One query's first-stage candidates and judgments. */
interface Candidates {
  hits: SearchHit[];
  judged: Map<string, number>;
  query: string;
}

export async function run(): Promise<void> {
  // A private copy of the retrieval benchmark's store (the sets are ingested there), so runs in parallel do not write to one file.
  const storeFolder = path.join(modelHome, "bench");
  mkdirSync(storeFolder, { recursive: true });
  const store = path.join(storeFolder, `rerank-${process.pid}.db`);
  if (existsSync(path.join(storeFolder, "retrieval.db"))) copyFileSync(path.join(storeFolder, "retrieval.db"), store);
  const config = await loadConfig({ cwd: root, env: { ...process.env, FLYWHEEL_DB: store }, overrides: { traces: { enabled: false } } });
  const flywheel = await createFlywheel({ config, providers: { local: localProviderHandle({ home: modelHome, threads }) } });
  const rows: BenchRow[] = [];
  const targets = [];
  const setup: Record<string, unknown> = {
    firstStage: "default search: hybrid, local:embed (all-MiniLM-L6-v2), shipped fusion settings",
    queries: `the first N judged queries of each set, in file order (N in each row; at most ${queryCount})`,
    candidatesReranked: depth,
    threads,
    cores: os.cpus().length,
    loadAverageAtStart: os.loadavg(),
  };
  try {
    const firstStages = new Map<string, Candidates[]>();
    for (const name of sets) {
      const folder = datasetFolder(name);
      if (folder === undefined) {
        console.log(`rerank: ${name} skipped: not found (set FLYWHEEL_DATASETS to the folder that holds the BEIR sets)`);
        continue;
      }
      const candidates = await firstStage(flywheel, folder, name);
      firstStages.set(name, candidates);
      const before = meanMetrics(candidates.map((item) => queryMetrics(documentIds(item.hits), item.judged)));
      rows.push({ name: `${name} first stage`, values: { "nDCG@10": before.ndcgAt10, "first stage nDCG@10": before.ndcgAt10, "MRR@10": before.mrrAt10, "s/query": 0, "tokens/query": 0, queries: candidates.length } });
    }
    // Rerankers outer, sets inner: each reranker is tuned on the first set and confirmed on the second before the next starts.
    for (const { model, method, queries } of runs) {
      await rerank(flywheel, { hits: [...firstStages.values()][0]![0]!.hits.slice(0, 2), query: "warm up", model, method }); // loads the model outside the timing
      for (const [name, all] of firstStages) {
        const candidates = all.slice(0, queries);
        const before = meanMetrics(candidates.map((item) => queryMetrics(documentIds(item.hits), item.judged)));
        const perQuery = [];
        let seconds = 0;
        let tokens = 0;
        for (const item of candidates) {
          const started = performance.now();
          const result = await rerank(flywheel, { hits: item.hits, query: item.query, model, method });
          seconds += (performance.now() - started) / 1000;
          tokens += result.inputTokens;
          perQuery.push(queryMetrics(documentIds(result.hits), item.judged));
        }
        const after = meanMetrics(perQuery);
        rows.push({
          name: `${name} ${model} ${method}`,
          values: { "nDCG@10": after.ndcgAt10, "first stage nDCG@10": before.ndcgAt10, "MRR@10": after.mrrAt10, "s/query": seconds / candidates.length, "tokens/query": tokens / candidates.length, queries: candidates.length },
        });
        targets.push({ name: `${name}: ${model} ${method} nDCG@10 vs first stage on the same ${candidates.length} queries`, target: `> ${before.ndcgAt10.toFixed(3)}`, value: after.ndcgAt10, met: after.ndcgAt10 > before.ndcgAt10 });
        reportBench({ benchmark: resultsName, setup: { ...setup, loadAverageNow: os.loadavg() }, rows, targets });
      }
    }
  } finally {
    await flywheel.close();
    rmSync(store, { force: true });
  }
}

/** The default search's top `depth` candidates for the first queries of a set. */
async function firstStage(flywheel: Flywheel, folder: string, name: string): Promise<Candidates[]> {
  const dataset = await readBeirDataset(folder);
  const collection = `beir-${name}-local-embed`;
  if ((await flywheel.store.collections.get(collection)) === undefined) {
    throw new Error(`collection ${collection} is missing: run \`npm run bench -- retrieval\` first, which ingests the sets`);
  }
  const items: Candidates[] = [];
  for (const query of dataset.queries.slice(0, queryCount)) {
    const { hits } = await search(flywheel, { collection, query: query.text, k: depth });
    items.push({ hits, judged: dataset.qrels.get(query.id)!, query: query.text });
  }
  return items;
}

/** Ranked corpus ids: a document's rank is that of its best chunk. */
function documentIds(hits: SearchHit[]): string[] {
  return [...new Set(hits.map((hit) => hit.metadata.id ?? hit.source))];
}
