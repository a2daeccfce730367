import type { Flywheel } from "../runtime/index.js";
import type { CollectionCalibration, CollectionRecord } from "../store/index.js";
import { embedTexts } from "./embed-texts.js";
import { pseudoQueries } from "./pseudo-queries.js";
import { queryTerms } from "./query-terms.js";
import { ragSettings } from "./rag-settings.js";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion.js";

/** Options for `calibrateCollection`. */
export interface CalibrateOptions {
  /** Pseudo-queries to draw (default 100). */
  sampleSize?: number;
  signal?: AbortSignal;
}

/** Pseudo-queries a calibration draws unless told otherwise. */
export const CALIBRATION_SAMPLE = 100;
/** Fewer usable pseudo-queries than this and the collection is left uncalibrated: the scores would be noise. */
export const MIN_CALIBRATION_SAMPLE = 10;
/** Chunks each ranking contributes before fusion, as in a default search. */
const CANDIDATES = 50;

/** Each ranking's mean reciprocal rank at 10 on a collection's pseudo-queries. */
export interface CalibrationScores {
  vector: number;
  bm25: number;
  hybrid: number;
  sampleSize: number;
}

/**
 * Measures vector search, BM25 and hybrid fusion on pseudo-queries drawn from a collection's own
 * chunks (see pseudoQueries), decides which one searches that name no mode should use
 * (see chooseSearchMode), and stores the choice with its evidence on the collection. Returns
 * undefined, and stores nothing, when the collection has too few chunks to draw a sample from.
 */
export async function calibrateCollection(flywheel: Flywheel, collection: CollectionRecord, options: CalibrateOptions = {}): Promise<CollectionCalibration | undefined> {
  const started = performance.now();
  const chunkCount = await flywheel.store.collections.chunkCount(collection);
  const scores = await measureRankings(flywheel, collection, options);
  if (scores === undefined) return undefined;
  const choice = chooseSearchMode(scores);
  const calibration: CollectionCalibration = {
    ...choice,
    scores: { vector: scores.vector, bm25: scores.bm25, hybrid: scores.hybrid },
    sampleSize: scores.sampleSize,
    chunkCount,
    seconds: (performance.now() - started) / 1000,
    calibratedAt: Date.now(),
  };
  await flywheel.store.collections.setCalibration(collection, calibration);
  return calibration;
}

/** Scores each ranking on the collection's pseudo-queries; undefined when fewer than MIN_CALIBRATION_SAMPLE could be drawn. */
export async function measureRankings(flywheel: Flywheel, collection: CollectionRecord, options: CalibrateOptions = {}): Promise<CalibrationScores | undefined> {
  const settings = ragSettings(flywheel.config);
  const queries = pseudoQueries(await flywheel.store.collections.sampleChunks(collection, options.sampleSize ?? CALIBRATION_SAMPLE));
  if (queries.length < MIN_CALIBRATION_SAMPLE) return undefined;
  const { vectors } = await embedTexts(flywheel, { model: collection.embeddingModel, texts: queries.map((query) => query.query), inputType: "query", signal: options.signal });
  const total = { vector: 0, bm25: 0, hybrid: 0 };
  for (const [index, { chunkId, query }] of queries.entries()) {
    options.signal?.throwIfAborted();
    const vectorHits = await flywheel.store.collections.searchVectors(collection, { vector: vectors[index]!, k: CANDIDATES });
    const textHits = await flywheel.store.collections.searchText(collection, { terms: queryTerms(query), k: CANDIDATES });
    const fused = reciprocalRankFusion(
      [
        { name: "vector", weight: settings.weights.vector, items: vectorHits },
        { name: "bm25", weight: settings.weights.bm25, items: textHits },
      ],
      { key: (hit) => hit.chunkId, k: settings.rrfK },
    ).map((item) => item.item);
    total.vector += reciprocalRank(vectorHits, chunkId);
    total.bm25 += reciprocalRank(textHits, chunkId);
    total.hybrid += reciprocalRank(fused, chunkId);
  }
  const mean = (sum: number) => sum / queries.length;
  return { vector: mean(total.vector), bm25: mean(total.bm25), hybrid: mean(total.hybrid), sampleSize: queries.length };
}

/**
 * The rule, chosen by measurement (bench/retrieval.ts, tuned on msmarco-5k, dbpedia-5k and
 * manpages-de, confirmed on the other sets). Pseudo-queries favour BM25, since their words come
 * from the answer, so only the ratio of vector search's score to BM25's says something:
 * - below UNREADABLE_RATIO (German manual pages with an English embedder: 0.26) the embedder
 *   cannot read the text and fusion only adds noise: BM25 alone;
 * - at or above VECTOR_STRONG_RATIO (msmarco 0.58, dbpedia 0.69) the dense ranking is the
 *   stronger one: hybrid with BM25 weighted down to VECTOR_STRONG_WEIGHTS, which keeps BM25's
 *   help with exact terms without letting it push past the vector ranking's best;
 * - between the two, neither is clearly stronger: hybrid with the config's weights.
 */
export function chooseSearchMode(scores: Pick<CalibrationScores, "vector" | "bm25">): Pick<CollectionCalibration, "mode" | "weights" | "reason"> {
  if (scores.bm25 === 0 && scores.vector === 0) return { mode: "hybrid", reason: "neither ranking found the pseudo-queries" };
  const ratio = scores.bm25 === 0 ? Infinity : scores.vector / scores.bm25;
  const found = scores.bm25 === 0 ? "BM25 found none of the pseudo-queries" : `vector search found ${Math.round(ratio * 100)}% as many pseudo-queries as BM25`;
  if (ratio < UNREADABLE_RATIO) return { mode: "bm25", reason: `${found}: the embedding model does not seem to read this text` };
  if (ratio >= VECTOR_STRONG_RATIO) return { mode: "hybrid", weights: VECTOR_STRONG_WEIGHTS, reason: `${found}: the embedder reads this text well, so the vector ranking leads` };
  return { mode: "hybrid", reason: `${found}: neither ranking is clearly stronger` };
}

/** Below this ratio of vector search's score to BM25's on pseudo-queries, the embedder cannot read the text. */
export const UNREADABLE_RATIO = 0.4;
/** At or above this ratio, the vector ranking leads the fusion. */
export const VECTOR_STRONG_RATIO = 0.55;
/** Fusion weights where the vector ranking leads. */
const VECTOR_STRONG_WEIGHTS = { vector: 1, bm25: 0.25 };

function reciprocalRank(hits: { chunkId: number }[], chunkId: number): number {
  const rank = hits.slice(0, 10).findIndex((hit) => hit.chunkId === chunkId);
  return rank < 0 ? 0 : 1 / (rank + 1);
}

