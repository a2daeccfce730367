import type { ChunkFilter, CollectionRecord } from "../rag-records.js";
import type { SqlClient } from "../sql-client.js";

/** A collection as a vector index needs it. */
export type IndexedCollectionRecord = Pick<CollectionRecord, "id" | "name" | "dimensions" | "vectorIndex">;

/** A chunk found by a vector search, with its cosine similarity. */
export interface VectorHit {
  chunkId: number;
  score: number;
}

/** One chunk's vector to write. */
export interface ChunkVector {
  chunkId: number;
  vector: Float32Array;
}

/** A top-k search: the query vector (of the collection's dimension), k and the chunk filter. */
export interface VectorQuery {
  vector: Float32Array;
  k: number;
  filter?: ChunkFilter;
}

/**
 * How one kind of vector search stores and finds a collection's vectors. The vector table
 * (`rag_vec_<id>`) is the source of truth for every kind; an index kind adds its structure on
 * top (in the database or, for usearch, derived beside it). Writes run in the caller's
 * transaction (`tx`); the caller bumps `vectors_version` with them.
 */
export interface VectorIndex {
  /** Creates the collection's vector table and index. */
  create(tx: SqlClient, collection: IndexedCollectionRecord): Promise<void>;
  /** Writes chunks' vectors. */
  write(tx: SqlClient, collection: IndexedCollectionRecord, vectors: ChunkVector[]): Promise<void>;
  /** Deletes the vectors of the chunks that `chunkIdsSql` (a subquery with `params`) selects. */
  delete(tx: SqlClient, collection: IndexedCollectionRecord, chunkIdsSql: string, params: (string | number)[]): Promise<void>;
  /** Brings a derived index up to date with the table; nothing for kinds the database maintains. */
  refresh(collection: IndexedCollectionRecord): Promise<void>;
  /** The k nearest chunks by cosine similarity that pass the filter, nearest first. */
  search(collection: IndexedCollectionRecord, query: VectorQuery): Promise<VectorHit[]>;
  /** Drops the collection's vector table and anything derived from it. */
  drop(tx: SqlClient, collection: IndexedCollectionRecord): Promise<void>;
}
