/**
 * How a collection's vectors are searched: a scan of every vector (exact), an HNSW index
 * (usearch beside a libSQL file; pgvector's HNSW on PostgreSQL), or libSQL's own DiskANN index.
 */
export type VectorIndexKind = "exact" | "hnsw" | "diskann";

/** A retrieval collection as the store keeps it. */
export interface CollectionRecord {
  id: number;
  name: string;
  /** The embedding model every vector in the collection came from. */
  embeddingModel: string;
  dimensions: number;
  vectorIndex: VectorIndexKind;
  /** Chunking and other settings the collection was built with (JSON-safe). */
  settings: Record<string, unknown>;
  /** How searches that name no mode rank this collection, once calibrated (see rag/calibrate-collection). */
  calibration?: CollectionCalibration;
  createdAt: number;
  updatedAt: number;
}

/** The ranking a calibration chose and the evidence for it. */
export interface CollectionCalibration {
  /** The mode searches use when they name none. */
  mode: "vector" | "bm25" | "hybrid";
  /** Fusion weights, for hybrid. */
  weights?: { vector: number; bm25: number };
  /** Mean reciprocal rank (at 10) of each ranking on the pseudo-queries; hybrid is fused with the config's weights. */
  scores: { vector: number; bm25: number; hybrid: number };
  /** Pseudo-queries measured. */
  sampleSize: number;
  /** Chunks in the collection when calibrated, to tell when it has changed enough to calibrate again. */
  chunkCount: number;
  /** Why this mode, in a sentence. */
  reason: string;
  /** Seconds the calibration took. */
  seconds: number;
  calibratedAt: number;
}

/** A collection with its size. */
export interface CollectionSummary extends CollectionRecord {
  documentCount: number;
  chunkCount: number;
}

/** Where in its document a chunk sits. */
export interface ChunkLocation {
  /** 1-based page (PDF). */
  page?: number;
  /** 1-based first line (text, markdown, code). */
  lineStart?: number;
  /** 1-based last line, inclusive. */
  lineEnd?: number;
}

/** One chunk to write, with its vector. */
export interface ChunkInput {
  text: string;
  /** Headings above the chunk, outermost first. */
  headingPath: string[];
  location: ChunkLocation;
  tokenCount: number;
  embedding: Float32Array;
}

/** One document to write with all of its chunks; replaces the stored one with the same source. */
export interface DocumentInput {
  /** File path (relative to where ingest ran), URL, or `corpus.jsonl#<id>`. */
  source: string;
  title: string;
  /** Loader that read it: markdown, text, html, pdf, code, beir. */
  kind: string;
  contentHash: string;
  metadata: Record<string, string>;
  chunks: ChunkInput[];
}

/** A stored document's identity and hash, for incremental ingest. */
export interface DocumentState {
  id: number;
  source: string;
  contentHash: string;
}

/** Restricts a search to some documents. Every field is optional; all given must hold. */
export interface ChunkFilter {
  /** Source patterns (`*` matches any run of characters); a chunk matches if any pattern does. */
  sources?: string[];
  /** Document kinds (markdown, pdf, code, ...). */
  kinds?: string[];
  /** Document metadata that must be equal, e.g. `{ language: "python" }`. */
  metadata?: Record<string, string>;
}

/** A chunk found by a search, with the score of that search (higher is better). */
export interface ChunkHit {
  chunkId: number;
  documentId: number;
  source: string;
  title: string;
  kind: string;
  headingPath: string[];
  location: ChunkLocation;
  text: string;
  /** Cosine similarity (vector), BM25 score (text), or the fused score. */
  score: number;
  metadata: Record<string, string>;
}
