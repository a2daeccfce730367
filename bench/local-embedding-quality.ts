// Retrieval quality and speed of the local embedding models on msmarco-5k (BEIR layout,
// exact cosine search, nDCG@10 over the judged queries): the numbers behind `local:embed`.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { embedMany } from "ai";
import { createLocalProvider } from "../src/models/local/index.js";
import { peakRssMiB, reportBench } from "./support/results.js";
import type { BenchRow } from "./support/results.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const dataset = path.resolve(here, "..", "..", "shared", "datasets", "msmarco-5k");
const candidates = [path.resolve("..", "shared", "datasets", "msmarco-5k"), dataset, "/work/shared/datasets/msmarco-5k"];

function readJsonLines(file: string): { _id: string; title?: string; text: string }[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { _id: string; title?: string; text: string });
}

function ndcgAt10(ranked: string[], judgments: Map<string, number>): number {
  const gain = (relevance: number) => 2 ** relevance - 1;
  const dcg = ranked.slice(0, 10).reduce((total, id, rank) => total + gain(judgments.get(id) ?? 0) / Math.log2(rank + 2), 0);
  const ideal = [...judgments.values()].sort((a, b) => b - a).slice(0, 10);
  const idcg = ideal.reduce((total, relevance, rank) => total + gain(relevance) / Math.log2(rank + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

/** Embeds the corpus and the queries with each catalog embedding model and reports nDCG@10 and texts/s. */
export async function run(): Promise<void> {
  const folder = candidates.find((candidate) => existsSync(path.join(candidate, "corpus.jsonl")));
  if (folder === undefined) {
    console.log("local-embedding-quality: msmarco-5k not found beside the repository; skipped");
    return;
  }
  const corpus = readJsonLines(path.join(folder, "corpus.jsonl"));
  const queries = readJsonLines(path.join(folder, "queries.jsonl"));
  const qrels = new Map<string, Map<string, number>>();
  for (const line of readFileSync(path.join(folder, "qrels", "test.tsv"), "utf8").split("\n")) {
    const [query, document, score] = line.trim().split("\t");
    if (query === undefined || document === undefined || score === undefined || !/^\d+$/.test(score)) continue;
    if (!qrels.has(query)) qrels.set(query, new Map());
    qrels.get(query)!.set(document, Number(score));
  }
  const judged = queries.filter((query) => [...(qrels.get(query._id)?.values() ?? [])].some((score) => score > 0));
  const home = process.env.FLYWHEEL_HOME ?? path.join(os.homedir(), ".cache", "flywheel");
  const threads = Math.min(2, os.availableParallelism());
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const local = createLocalProvider({ home, threads });
  const rows: BenchRow[] = [];
  try {
    for (const alias of ["all-minilm-l6-v2", "paraphrase-minilm-l3-v2"]) {
      const model = local.embeddingModel(alias);
      await embedMany({ model, values: ["warm up"] });
      const started = performance.now();
      const documents = await embedMany({
        model,
        values: corpus.map((document) => (document.title ? `${document.title} ${document.text}` : document.text)),
        providerOptions: { local: { inputType: "document", batchSize: 32 } },
      });
      const seconds = (performance.now() - started) / 1000;
      const questions = await embedMany({ model, values: judged.map((query) => query.text), providerOptions: { local: { inputType: "query" } } });
      const scores = judged.map((query, index) => {
        const vector = questions.embeddings[index]!;
        const ranked = documents.embeddings
          .map((embedding, position) => ({ id: corpus[position]!._id, score: embedding.reduce((total, value, d) => total + value * vector[d]!, 0) }))
          .sort((a, b) => b.score - a.score)
          .map((hit) => hit.id);
        return ndcgAt10(ranked, qrels.get(query._id)!);
      });
      rows.push({
        name: alias,
        values: {
          "nDCG@10": scores.reduce((a, b) => a + b, 0) / scores.length,
          "passages/s": corpus.length / seconds,
          "corpus s": seconds,
        },
      });
    }
  } finally {
    await local.close();
  }
  reportBench({
    benchmark: "local-embedding-quality",
    setup: { dataset: "msmarco-5k", passages: corpus.length, judgedQueries: judged.length, threads, search: "exact cosine", peakRssMiB: peakRssMiB() },
    rows,
  });
}
