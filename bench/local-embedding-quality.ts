// Retrieval quality and speed of the local embedding models on two BEIR sets (msmarco-5k and
// dbpedia-5k, read from $FLYWHEEL_DATASETS; a subset of each corpus, see PASSAGES): exact cosine search, nDCG@10 over the judged queries
// with the product's own metric (the one `flywheel bench-retrieval` reports): the numbers behind
// `local:embed`. Each corpus is embedded in five parts, one per round, every model per round in
// alternating order, so the speed comparison is interleaved; the median round's passages/s is
// reported, as a ratio to all-MiniLM-L6-v2 in the same round.
//
// It also calibrates each model's relevance threshold (`embedding.scores.relevant`, the default of
// `rag.minScore`): the best-hit cosine of a set's questions over their own corpus (answerable)
// against that of the other set's questions over it (off-topic). The threshold is tuned on
// msmarco-5k and confirmed on dbpedia-5k; `unrelated` is the mean cosine of off-topic pairs.
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { embedMany } from "ai";
import type { EmbeddingModel } from "ai";
import { meanMetrics, queryMetrics, readBeirDataset } from "../src/index.js";
import type { BeirDataset } from "../src/index.js";
import { createLocalProvider } from "../src/models/local/index.js";
import { datasetFolder } from "./support/dataset-folder.js";
import { interleave } from "./support/interleave.js";
import { peakRssMiB, reportBench, summarize } from "./support/results.js";
import type { BenchRow } from "./support/results.js";
import { bestThreshold, fitThreshold } from "./support/score-threshold.js";

const ROUNDS = 5;
const MODELS = ["all-minilm-l6-v2", "bge-small-en-v1.5"] as const;
/**
 * Passages per set. A 2-core machine shared with other work embeds 5,000 passages per model per
 * set too slowly, so each set is cut: its queries in file order while their relevant passages
 * fill at most two thirds of this, then other passages in file order. nDCG@10 is higher than
 * over the whole set, but every model is measured on the same passages and queries.
 */
const PASSAGES = Number(process.env.FLYWHEEL_BENCH_PASSAGES ?? 1500);
const SETS = ["msmarco-5k", "dbpedia-5k"] as const;
/** The threshold every model had before it was calibrated per model. */
const OLD_MIN_SCORE = 0.3;

type Model = (typeof MODELS)[number];
type SetName = (typeof SETS)[number];

interface Embedded {
  dataset: BeirDataset;
  corpus: { id: string; text: string }[];
  documents: Record<Model, number[][]>;
  queries: Record<Model, number[][]>;
  perSecond: Record<Model, number>;
}

function readCorpus(file: string): { id: string; text: string }[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { _id: string; title?: string; text: string })
    .map((document) => ({ id: document._id, text: document.title ? `${document.title} ${document.text}` : document.text }));
}

const dot = (a: number[], b: number[]) => a.reduce((total, value, d) => total + value * b[d]!, 0);

/** Embeds one set's corpus (interleaved across models, in rounds) and its queries with every model. */
async function embedSet(folder: string, models: Record<Model, EmbeddingModel>): Promise<Embedded> {
  const full = await readBeirDataset(folder);
  const relevant = new Set<string>();
  const queries = full.queries.filter((query) => {
    const ids = [...full.qrels.get(query.id)!].filter(([, score]) => score > 0).map(([id]) => id);
    if (relevant.size + ids.filter((id) => !relevant.has(id)).length > (PASSAGES * 2) / 3) return false;
    ids.forEach((id) => relevant.add(id));
    return true;
  });
  const dataset = { ...full, queries };
  const all = readCorpus(dataset.corpusFile);
  const others = new Set(all.filter((document) => !relevant.has(document.id)).slice(0, PASSAGES - relevant.size));
  const corpus = all.filter((document) => relevant.has(document.id) || others.has(document));
  const partSize = Math.ceil(corpus.length / ROUNDS);
  const embedPart = (model: Model) => async (round: number) => {
    const values = corpus.slice(round * partSize, (round + 1) * partSize).map((document) => document.text);
    const started = performance.now();
    const { embeddings } = await embedMany({ model: models[model], values, providerOptions: { local: { inputType: "document", batchSize: 32 } } });
    return { embeddings, perSecond: values.length / ((performance.now() - started) / 1000) };
  };
  const parts = await interleave(ROUNDS, Object.fromEntries(MODELS.map((model) => [model, embedPart(model)])) as Record<Model, ReturnType<typeof embedPart>>);
  const embedded = { dataset, corpus, documents: {}, queries: {}, perSecond: {} } as Embedded;
  for (const model of MODELS) {
    embedded.documents[model] = parts[model].flatMap((part) => part.embeddings);
    embedded.perSecond[model] = summarize(parts[model].map((part) => part.perSecond)).p50;
    const questions = await embedMany({ model: models[model], values: dataset.queries.map((query) => query.text), providerOptions: { local: { inputType: "query" } } });
    embedded.queries[model] = questions.embeddings;
  }
  return embedded;
}

/** nDCG@10 of exact cosine search. */
function ndcgAt10(set: Embedded, model: Model): number {
  const documents = set.documents[model];
  return meanMetrics(
    set.dataset.queries.map((query, position) => {
      const vector = set.queries[model][position]!;
      const ranked = documents
        .map((embedding, index) => ({ id: set.corpus[index]!.id, score: dot(embedding, vector) }))
        .sort((a, b) => b.score - a.score)
        .map((hit) => hit.id);
      return queryMetrics(ranked, set.dataset.qrels.get(query.id)!);
    }),
  ).ndcgAt10;
}

/** Best cosine of each question over a corpus, and the mean cosine of all its pairs. */
function bestScores(questions: number[][], documents: number[][]): { best: number[]; mean: number } {
  let total = 0;
  const best = questions.map((question) => {
    let top = -Infinity;
    for (const document of documents) {
      const score = dot(question, document);
      total += score;
      if (score > top) top = score;
    }
    return top;
  });
  return { best, mean: total / (questions.length * documents.length) };
}

/** Embeds both sets with every catalog embedding model and reports quality, speed and calibrated thresholds. */
export async function run(): Promise<void> {
  const folders = SETS.map((name) => datasetFolder(name));
  if (folders.some((folder) => folder === undefined)) {
    console.log(`local-embedding-quality: skipped: ${SETS.join(" and ")} not found (set FLYWHEEL_DATASETS to the folder that holds the BEIR sets)`);
    return;
  }
  const loadAtStart = os.loadavg();
  const home = process.env.FLYWHEEL_HOME ?? path.join(os.homedir(), ".cache", "flywheel");
  const threads = Math.min(2, os.availableParallelism());
  (globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;
  const local = createLocalProvider({ home, threads });
  const sets = {} as Record<SetName, Embedded>;
  try {
    const models = Object.fromEntries(MODELS.map((alias) => [alias, local.embeddingModel(alias)])) as Record<Model, EmbeddingModel>;
    for (const model of MODELS) await embedMany({ model: models[model], values: ["warm up"] });
    for (const [index, name] of SETS.entries()) sets[name] = await embedSet(folders[index]!, models);
  } finally {
    await local.close();
  }
  const [tune, confirm] = SETS;
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  for (const model of MODELS) {
    const values: BenchRow["values"] = {};
    for (const name of SETS) {
      values[`${name} nDCG@10`] = ndcgAt10(sets[name], model);
      values[`${name} passages/s`] = sets[name].perSecond[model];
      values[`${name} speed / MiniLM`] = sets[name].perSecond[model] / sets[name].perSecond[MODELS[0]];
    }
    // Off-topic questions: the other set's, over this set's corpus.
    const scores = Object.fromEntries(
      SETS.map((name, index) => {
        const other = sets[SETS[1 - index]!];
        return [name, { answerable: bestScores(sets[name].queries[model], sets[name].documents[model]).best, offTopic: bestScores(other.queries[model], sets[name].documents[model]) }];
      }),
    ) as Record<SetName, { answerable: number[]; offTopic: { best: number[]; mean: number } }>;
    const tuned = bestThreshold(scores[tune].answerable, scores[tune].offTopic.best);
    const confirmed = fitThreshold(tuned.threshold, scores[confirm].answerable, scores[confirm].offTopic.best);
    values["unrelated (mean off-topic cosine)"] = (scores[tune].offTopic.mean + scores[confirm].offTopic.mean) / 2;
    values[`relevant threshold (tuned on ${tune})`] = tuned.threshold;
    values[`${tune} balanced accuracy`] = tuned.balancedAccuracy;
    values[`${confirm} balanced accuracy (confirm)`] = confirmed.balancedAccuracy;
    values[`${confirm} answerable kept`] = confirmed.answeredKept;
    values[`${confirm} off-topic refused`] = confirmed.offTopicRefused;
    for (const name of SETS) values[`${name} balanced accuracy at ${OLD_MIN_SCORE}`] = fitThreshold(OLD_MIN_SCORE, scores[name].answerable, scores[name].offTopic.best).balancedAccuracy;
    for (const name of SETS) {
      const answerable = summarize(scores[name].answerable);
      const offTopic = summarize(scores[name].offTopic.best);
      values[`${name} best hit p50: answerable / off-topic`] = `${answerable.p50.toFixed(3)} / ${offTopic.p50.toFixed(3)}`;
    }
    rows.push({ name: model, values });
  }
  for (const model of MODELS.slice(1)) {
    for (const name of SETS) ratios[`${name} passages/s ${model} / ${MODELS[0]}, median round`] = sets[name].perSecond[model] / sets[name].perSecond[MODELS[0]];
  }
  reportBench({
    benchmark: "local-embedding-quality",
    setup: {
      datasets: Object.fromEntries(SETS.map((name) => [name, { passages: sets[name].corpus.length, judgedQueries: sets[name].dataset.queries.length }])),
      corpus: `${PASSAGES} passages per set (FLYWHEEL_BENCH_PASSAGES): the relevant passages of the first queries (up to two thirds), then others in file order`,
      threads,
      search: "exact cosine",
      metric: "queryMetrics (linear gain, as trec_eval and BEIR)",
      rounds: ROUNDS,
      speed: `each corpus embedded in ${ROUNDS} parts, one per round, every model per round, order reversed every other round; median round`,
      threshold: `best balanced accuracy (answerable best hit >= t, off-topic best hit < t) on ${tune}, confirmed on ${confirm}; off-topic = the other set's questions`,
      loadAverageAtStart: loadAtStart,
      peakRssMiB: peakRssMiB(),
    },
    rows,
    ratios,
  });
}
