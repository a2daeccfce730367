import path from "node:path";
import type { Flywheel } from "../../runtime/index.js";
import { ingest } from "../ingest.js";
import type { IngestProgress, IngestSummary } from "../ingest.js";
import { ragSettings } from "../rag-settings.js";
import type { RequestedSearchMode } from "../rag-settings.js";
import { search } from "../search.js";
import { readBeirDataset } from "./beir-dataset.js";
import { meanMetrics, queryMetrics } from "./retrieval-metrics.js";
import type { QueryMetrics } from "./retrieval-metrics.js";

/** Options for `benchRetrieval`. */
export interface BenchRetrievalOptions {
  /** A BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv. */
  folder: string;
  /** Modes to measure (default: bm25, vector, hybrid); auto is the collection's calibrated choice. */
  modes?: RequestedSearchMode[];
  /** Embedding model (default: `rag.embeddingModel`, else `defaultEmbeddingModel`, in config). */
  embeddingModel?: string;
  /** Collection to ingest into (default: `beir-<folder name>-<model>`); re-runs reuse it. */
  collection?: string;
  /** Fusion weights for hybrid. */
  weights?: { vector?: number; bm25?: number };
  /** Reciprocal rank fusion constant. */
  rrfK?: number;
  signal?: AbortSignal;
  onIngestProgress?: (progress: IngestProgress) => void;
}

/** One mode's scores. */
export interface ModeResult extends QueryMetrics {
  mode: RequestedSearchMode;
  queries: number;
  queriesPerSecond: number;
}

/** What `benchRetrieval` measured. */
export interface BenchRetrievalResult {
  dataset: string;
  collection: string;
  embeddingModel: string;
  documents: number;
  judgedQueries: number;
  skippedQueries: number;
  ingest: IngestSummary;
  modes: ModeResult[];
}

/**
 * Retrieval quality and speed on a BEIR test set: ingests its corpus (incrementally, so a second
 * run embeds nothing), runs every judged query in each mode, and scores the ranked documents.
 * A document's rank is that of its best chunk.
 */
export async function benchRetrieval(flywheel: Flywheel, options: BenchRetrievalOptions): Promise<BenchRetrievalResult> {
  const dataset = await readBeirDataset(options.folder);
  const model = options.embeddingModel ?? ragSettings(flywheel.config).embeddingModel;
  const name = options.collection ?? `beir-${path.basename(path.resolve(options.folder))}-${model.replace(/[^A-Za-z0-9]+/g, "-")}`;
  // Ingest reads the corpus from its own folder, so a folder given relative to here must be made absolute.
  const corpusFile = path.resolve(dataset.corpusFile);
  const summary = await ingest(flywheel, {
    collection: name,
    inputs: [corpusFile],
    embeddingModel: model,
    cwd: path.dirname(corpusFile),
    signal: options.signal,
    onProgress: options.onIngestProgress,
  });
  const collection = (await flywheel.store.collections.get(name))!;
  const documents = (await flywheel.store.collections.documentStates(collection)).length;
  const modes: ModeResult[] = [];
  for (const mode of options.modes ?? ["bm25", "vector", "hybrid"]) {
    const perQuery: QueryMetrics[] = [];
    let seconds = 0;
    for (const query of dataset.queries) {
      options.signal?.throwIfAborted();
      const started = performance.now();
      const { hits } = await search(flywheel, { collection: name, query: query.text, mode, k: 150, candidates: 150, weights: options.weights, rrfK: options.rrfK, signal: options.signal });
      seconds += (performance.now() - started) / 1000;
      const ranked = [...new Set(hits.map((hit) => hit.metadata.id ?? hit.source))];
      perQuery.push(queryMetrics(ranked, dataset.qrels.get(query.id)!));
    }
    modes.push({ mode, queries: perQuery.length, queriesPerSecond: perQuery.length / Math.max(seconds, 1e-9), ...meanMetrics(perQuery) });
  }
  return {
    dataset: path.basename(path.resolve(options.folder)),
    collection: name,
    embeddingModel: model,
    documents,
    judgedQueries: dataset.queries.length,
    skippedQueries: dataset.skippedQueries,
    ingest: summary,
    modes,
  };
}
