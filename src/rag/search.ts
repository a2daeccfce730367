import type { Flywheel } from "../runtime/index.js";
import type { ChunkFilter, ChunkHit, CollectionRecord } from "../store/index.js";
import { FlywheelAttributes, RagAttributes, withSpan } from "../traces/index.js";
import { embedTexts } from "./embed-texts.js";
import { queryTerms } from "./query-terms.js";
import { CollectionUnavailableError } from "./rag-errors.js";
import { ragSettings } from "./rag-settings.js";
import type { RagSettings, RequestedSearchMode, RerankMethod, SearchMode } from "./rag-settings.js";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion.js";
import { rerank } from "./rerank.js";
import { estimateTokens, truncateToTokens } from "./token-counter.js";
import type { TokenCounter } from "./token-counter.js";

/** Options for `search`. */
export interface SearchOptions {
  collection: string;
  query: string;
  /** vector, bm25, hybrid, or auto: the collection's calibrated choice (default: `rag.mode` in config). */
  mode?: RequestedSearchMode;
  /** Hits to return (default: `rag.k` in config, else 10). */
  k?: number;
  filter?: ChunkFilter;
  /** Fusion weights for hybrid mode (default: the collection's calibrated weights in auto mode, else `rag.weights` in config); given with auto, they ask for hybrid. */
  weights?: { vector?: number; bm25?: number };
  /** Reciprocal rank fusion constant (default: `rag.rrfK` in config). */
  rrfK?: number;
  /** Chunks each ranking contributes before fusion (default: max(2k, 50)). */
  candidates?: number;
  /** Rerank the top candidates with this chat model (default: `rag.rerank.model` in config, else no reranking). */
  rerankModel?: string;
  /** How the reranker grades (default: `rag.rerank.method` in config, auto). */
  rerankMethod?: RerankMethod;
  /** Candidates shown to the reranker (default: max(k, `rag.rerank.candidates`)). */
  rerankCandidates?: number;
  /** The embedding model's token counter, to cut an over-long query (default: the model's own where its provider has it, else an estimate). */
  countTokens?: TokenCounter;
  signal?: AbortSignal;
}

/** A hit with its rank in each ranking it came from. */
export interface SearchHit extends ChunkHit {
  /** 1-based rank in the vector and BM25 rankings (hybrid mode), when the chunk was in them. */
  ranks?: { vector?: number; bm25?: number };
}

/** What a search found. */
export interface SearchResult {
  collection: CollectionRecord;
  /** The mode that ranked the hits (auto resolved to the collection's choice). */
  mode: SearchMode;
  hits: SearchHit[];
  /** Best cosine similarity among the vector candidates (vector and hybrid modes). */
  bestVectorScore: number | undefined;
  /** Things the user should know (a truncated query, a reranker that failed to answer). */
  warnings: string[];
}

/** Opens a collection for searching, or explains why it cannot be. */
export async function openCollection(flywheel: Flywheel, name: string): Promise<CollectionRecord> {
  const collection = await flywheel.store.collections.get(name);
  if (collection === undefined) {
    const known = (await flywheel.store.collections.list()).map((item) => item.name);
    throw new CollectionUnavailableError({ collection: name, reason: "unknown", known });
  }
  if ((await flywheel.store.collections.chunkCount(collection)) === 0) throw new CollectionUnavailableError({ collection: name, reason: "empty" });
  return collection;
}

/**
 * Searches a collection by vector similarity, BM25, or both fused by reciprocal rank fusion,
 * optionally reranked (`rerank`). A `retrieve` span (with a `rerank` child).
 */
export async function search(flywheel: Flywheel, options: SearchOptions): Promise<SearchResult> {
  const settings = ragSettings(flywheel.config);
  const k = options.k ?? settings.searchK;
  return withSpan(
    flywheel.tracing.tracer,
    "retrieve",
    { kind: "retrieve", attributes: { [FlywheelAttributes.input]: options.query, [RagAttributes.collection]: options.collection, [RagAttributes.k]: k } },
    async (span) => {
      const collection = await openCollection(flywheel, options.collection);
      const { mode, weights } = resolveMode(options.mode ?? settings.mode, collection, settings, options.weights);
      span.setAttribute(RagAttributes.mode, mode);
      const warnings: string[] = [];
      const rerankModel = options.rerankModel ?? settings.rerank.model;
      const rerankMethod = options.rerankMethod ?? settings.rerank.method;
      const reranks = rerankModel !== undefined || rerankMethod === "cross-encoder";
      const rerankCandidates = Math.max(k, options.rerankCandidates ?? settings.rerank.candidates);
      const candidates = Math.max(options.candidates ?? Math.max(2 * k, 50), k, reranks ? rerankCandidates : 0);
      let vectorHits: ChunkHit[] = [];
      let textHits: ChunkHit[] = [];
      if (mode !== "bm25") {
        const count = options.countTokens ?? (await flywheel.models.tokenCounter(collection.embeddingModel, "query")) ?? estimateTokens;
        const query = fitQuery(flywheel, collection.embeddingModel, options.query, count, warnings);
        const { vectors } = await embedTexts(flywheel, { model: collection.embeddingModel, texts: [query], inputType: "query", signal: options.signal });
        vectorHits = await flywheel.store.collections.searchVectors(collection, { vector: vectors[0]!, k: mode === "vector" ? Math.max(k, candidates) : candidates, filter: options.filter });
      }
      if (mode !== "vector") {
        textHits = await flywheel.store.collections.searchText(collection, { terms: queryTerms(options.query), k: mode === "bm25" ? Math.max(k, candidates) : candidates, filter: options.filter });
      }
      let hits: SearchHit[];
      if (mode === "hybrid") {
        hits = reciprocalRankFusion(
          [
            { name: "vector", weight: weights.vector, items: vectorHits },
            { name: "bm25", weight: weights.bm25, items: textHits },
          ],
          { key: (hit) => hit.chunkId, k: options.rrfK ?? settings.rrfK },
        ).map((fused) => ({ ...fused.item, score: fused.score, ranks: fused.ranks }));
      } else {
        hits = mode === "vector" ? vectorHits : textHits;
      }
      if (reranks) {
        const reranked = await rerank(flywheel, {
          hits: hits.slice(0, rerankCandidates),
          query: options.query,
          method: rerankMethod,
          ...(rerankModel === undefined ? {} : { model: rerankModel }),
          ...(settings.rerank.crossEncoder === undefined ? {} : { crossEncoder: settings.rerank.crossEncoder }),
          signal: options.signal,
        });
        if (reranked.warning !== undefined) warnings.push(reranked.warning);
        hits = reranked.hits;
      }
      hits = hits.slice(0, k);
      span.setAttributes({ [RagAttributes.hits]: hits.length, [FlywheelAttributes.output]: hits.map((hit) => `${hit.source}#${hit.chunkId}`).join(" ") });
      return { collection, mode, hits, bestVectorScore: vectorHits[0]?.score, warnings };
    },
  );
}

/**
 * The mode and weights a search uses: those asked for, or in auto mode the collection's
 * calibrated choice (hybrid with the config's weights when it has none, or when weights were given).
 */
function resolveMode(requested: RequestedSearchMode, collection: CollectionRecord, settings: RagSettings, asked: SearchOptions["weights"]): { mode: SearchMode; weights: { vector: number; bm25: number } } {
  const calibration = requested === "auto" && asked === undefined ? collection.calibration : undefined;
  const mode = requested !== "auto" ? requested : (calibration?.mode ?? "hybrid");
  const base = calibration?.weights ?? settings.weights;
  return { mode, weights: { vector: asked?.vector ?? base.vector, bm25: asked?.bm25 ?? base.bm25 } };
}

/** Cuts a query to the embedding model's input limit, with a warning, when the catalog knows it. */
function fitQuery(flywheel: Flywheel, model: string, query: string, count: TokenCounter, warnings: string[]): string {
  const limit = flywheel.models.info(model).contextWindow;
  if (limit === undefined || count(query) <= limit) return query;
  warnings.push(`the query is longer than ${model}'s limit of ${limit} tokens; its vector uses only the first ${limit} (BM25 uses all of it)`);
  return truncateToTokens(query, limit, count);
}
