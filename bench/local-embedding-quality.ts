// Retrieval quality and speed of the local embedding models on msmarco-5k (BEIR layout, read from
// $FLYWHEEL_DATASETS/msmarco-5k): exact cosine search, nDCG@10 over the judged queries with the
// product's own metric (the one `flywheel bench-retrieval` reports): the numbers behind
// `local:embed`. The corpus is embedded in five parts, one per round, both models per round in
// alternating order, so the speed comparison is interleaved; the median round's passages/s is
// reported.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { embedMany } from "ai";
import { meanMetrics, queryMetrics, readBeirDataset } from "../src/index.js";
import { createLocalProvider } from "../src/models/local/index.js";
import { datasetFolder } from "./support/dataset-folder.js";
import { interleave } from "./support/interleave.js";
import { peakRssMiB, reportBench, summarize } from "./support/results.js";
import type { BenchRow } from "./support/results.js";

const ROUNDS = 5;
const MODELS = ["all-minilm-l6-v2", "paraphrase-minilm-l3-v2"] as const;

function readCorpus(file: string): { id: string; text: string }[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { _id: string; title?: string; text: string })
    .map((document) => ({ id: document._id, text: document.title ? `${document.title} ${document.text}` : document.text }));
}

/** Embeds the corpus and the queries with each catalog embedding model and reports nDCG@10 and passages/s. */
export async function run(): Promise<void> {
  const folder = datasetFolder("msmarco-5k");
  if (folder === undefined) {
    console.log("local-embedding-quality: skipped: msmarco-5k not found (set FLYWHEEL_DATASETS to the folder that holds the BEIR sets)");
    return;
  }
  const dataset = await readBeirDataset(folder);
  const corpus = readCorpus(dataset.corpusFile);
  const partSize = Math.ceil(corpus.length / ROUNDS);
  const home = process.env.FLYWHEEL_HOME ?? path.join(os.homedir(), ".cache", "flywheel");
  const threads = Math.min(2, os.availableParallelism());
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const local = createLocalProvider({ home, threads });
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  try {
    const models = MODELS.map((alias) => local.embeddingModel(alias));
    for (const model of models) await embedMany({ model, values: ["warm up"] });
    /** Embeds one part of the corpus; its vectors and passages per second. */
    const embedPart = (index: number) => async (round: number) => {
      const values = corpus.slice(round * partSize, (round + 1) * partSize).map((document) => document.text);
      const started = performance.now();
      const { embeddings } = await embedMany({ model: models[index]!, values, providerOptions: { local: { inputType: "document", batchSize: 32 } } });
      const seconds = (performance.now() - started) / 1000;
      return { embeddings, seconds, perSecond: values.length / seconds };
    };
    const parts = await interleave(ROUNDS, { first: embedPart(0), second: embedPart(1) });
    const perSecond: number[] = [];
    for (const [index, samples] of [parts.first, parts.second].entries()) {
      const documents = samples.flatMap((part) => part.embeddings);
      const questions = await embedMany({ model: models[index]!, values: dataset.queries.map((query) => query.text), providerOptions: { local: { inputType: "query" } } });
      const metrics = meanMetrics(
        dataset.queries.map((query, position) => {
          const vector = questions.embeddings[position]!;
          const ranked = documents
            .map((embedding, document) => ({ id: corpus[document]!.id, score: embedding.reduce((total, value, d) => total + value * vector[d]!, 0) }))
            .sort((a, b) => b.score - a.score)
            .map((hit) => hit.id);
          return queryMetrics(ranked, dataset.qrels.get(query.id)!);
        }),
      );
      const median = summarize(samples.map((part) => part.perSecond)).p50;
      perSecond.push(median);
      rows.push({
        name: MODELS[index]!,
        values: {
          "nDCG@10": metrics.ndcgAt10,
          "median passages/s": median,
          "corpus s": samples.reduce((total, part) => total + part.seconds, 0),
        },
      });
    }
    ratios[`passages/s ${MODELS[1]} / ${MODELS[0]}, median round`] = perSecond[1]! / perSecond[0]!;
  } finally {
    await local.close();
  }
  reportBench({
    benchmark: "local-embedding-quality",
    setup: {
      dataset: "msmarco-5k",
      passages: corpus.length,
      judgedQueries: dataset.queries.length,
      threads,
      search: "exact cosine",
      metric: "queryMetrics (linear gain, as trec_eval and BEIR)",
      rounds: ROUNDS,
      speed: `corpus embedded in ${ROUNDS} parts of ${partSize}, one per round, both models per round, order reversed every other round; median round`,
      peakRssMiB: peakRssMiB(),
    },
    rows,
    ratios,
  });
}
