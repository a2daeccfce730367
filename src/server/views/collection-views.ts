// What the workbench API answers about retrieval collections. Plain JSON shapes with no
// imports, so the web app type-checks against the same definitions the server fills in.

/** A collection with its ingest status. */
export interface CollectionView {
  name: string;
  embeddingModel: string;
  dimensions: number;
  /** `exact`, `hnsw` or `diskann`. */
  vectorIndex: string;
  documentCount: number;
  chunkCount: number;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Last ingest, epoch milliseconds. */
  updatedAt: number;
}

/** How a search ranks chunks. */
export type SearchModeView = "vector" | "bm25" | "hybrid";

/** One chunk found. */
export interface SearchHitView {
  chunkId: number;
  source: string;
  title: string;
  headingPath: string[];
  location: { page?: number; lineStart?: number; lineEnd?: number };
  text: string;
  /** Cosine similarity (vector), BM25 score (bm25) or fused score (hybrid); higher is better. */
  score: number;
  /** 1-based ranks in each ranking (hybrid). */
  ranks?: { vector?: number; bm25?: number };
}

/** What a search found. */
export interface SearchView {
  collection: string;
  mode: SearchModeView;
  hits: SearchHitView[];
  warnings: string[];
  tookMs: number;
}
