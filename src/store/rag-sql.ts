import { UsageError } from "../errors/index.js";
import type { SqlDialect, SqlValue } from "./sql-client.js";
import type { ChunkFilter, CollectionRecord } from "./rag-records.js";

/** Names of a collection's own tables; built from its numeric id, never from user text. */
export function collectionTables(collection: Pick<CollectionRecord, "id">): { vectors: string; text: string; vectorIndex: string } {
  // An invariant, not a user error: ids come from the store. A bad one reaches the user as `internal`.
  if (!Number.isSafeInteger(collection.id) || collection.id < 1) throw new Error(`invariant broken: collection id ${collection.id} is not a positive integer`);
  return { vectors: `rag_vec_${collection.id}`, text: `rag_fts_${collection.id}`, vectorIndex: `rag_vec_${collection.id}_idx` };
}

/** Statements that create a collection's vector and full-text tables (and the vector index when asked). */
export function createCollectionTables(dialect: SqlDialect, collection: Pick<CollectionRecord, "id" | "dimensions" | "vectorIndex">): string[] {
  const tables = collectionTables(collection);
  const dimensions = Math.trunc(collection.dimensions);
  if (dialect === "postgres") {
    return [
      `CREATE TABLE ${tables.vectors} (chunk_id BIGINT PRIMARY KEY, embedding vector(${dimensions}) NOT NULL)`,
      `CREATE TABLE ${tables.text} (chunk_id BIGINT PRIMARY KEY, text TEXT NOT NULL, heading TEXT NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('english', heading), 'B') || to_tsvector('english', text)) STORED)`,
      `CREATE INDEX ${tables.text}_tsv ON ${tables.text} USING GIN (tsv)`,
      ...(collection.vectorIndex !== "exact" ? [`CREATE INDEX ${tables.vectorIndex} ON ${tables.vectors} USING hnsw (embedding vector_cosine_ops)`] : []),
    ];
  }
  return [
    `CREATE TABLE ${tables.vectors} (chunk_id INTEGER PRIMARY KEY, embedding F32_BLOB(${dimensions}) NOT NULL)`,
    // Porter stemming over unicode61: "retries" finds "retry". Text is indexed twice (here and in
    // rag_chunks) so that deleting a row needs no external-content bookkeeping.
    `CREATE VIRTUAL TABLE ${tables.text} USING fts5(text, heading, tokenize = 'porter unicode61 remove_diacritics 2')`,
    ...(collection.vectorIndex === "diskann"
      ? [
          // Measured here: the defaults cost ~82 KB and ~24 ms per vector; these ~10 KB and ~3.5 ms.
          `CREATE INDEX ${tables.vectorIndex} ON ${tables.vectors} (libsql_vector_idx(embedding, 'metric=cosine', 'compress_neighbors=float8', 'max_neighbors=16'))`,
        ]
      : []),
  ];
}

/** Statements that drop a collection's own tables. */
export function dropCollectionTables(dialect: SqlDialect, collection: Pick<CollectionRecord, "id">): string[] {
  const tables = collectionTables(collection);
  return [`DROP TABLE IF EXISTS ${tables.vectors}`, `DROP TABLE IF EXISTS ${tables.text}`].map((sql) => (dialect === "postgres" ? `${sql} CASCADE` : sql));
}

/** A vector as a bound parameter: raw float32 bytes for libSQL, pgvector's text form for PostgreSQL. */
export function vectorParam(dialect: SqlDialect, vector: Float32Array): SqlValue {
  if (dialect === "postgres") return `[${Array.from(vector).join(",")}]`;
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A `WHERE` fragment over `d` (rag_documents) for a filter, with its parameters. */
export function filterClause(dialect: SqlDialect, filter: ChunkFilter | undefined): { sql: string; params: SqlValue[] } {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  if (filter?.sources !== undefined && filter.sources.length > 0) {
    clauses.push(`(${filter.sources.map(() => "d.source LIKE ? ESCAPE '\\'").join(" OR ")})`);
    params.push(...filter.sources.map(globToLike));
  }
  if (filter?.kinds !== undefined && filter.kinds.length > 0) {
    clauses.push(`d.kind IN (${filter.kinds.map(() => "?").join(", ")})`);
    params.push(...filter.kinds);
  }
  for (const [key, value] of Object.entries(filter?.metadata ?? {})) {
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new UsageError(`metadata filter key "${key}" has characters other than letters, digits, _ . -`);
    clauses.push(dialect === "postgres" ? "(d.metadata::jsonb ->> ?) = ?" : "json_extract(d.metadata, ?) = ?");
    params.push(dialect === "postgres" ? key : `$."${key}"`, value);
  }
  return { sql: clauses.join(" AND "), params };
}

/** True when a filter restricts anything. */
export function hasFilter(filter: ChunkFilter | undefined): boolean {
  return filterClause("sqlite", filter).sql !== "";
}

function globToLike(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (character) => `\\${character}`).replace(/\*/g, "%");
}

/** `?, ?, ?` for n parameters. */
export function placeholderList(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}
