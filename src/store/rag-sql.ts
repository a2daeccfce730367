import { UsageError } from "../errors/index.js";
import type { SqlDialect, SqlValue } from "./sql-client.js";
import type { ChunkFilter, CollectionRecord } from "./rag-records.js";

/** Names of a collection's own tables; built from its numeric id, never from user text. */
export function collectionTables(collection: Pick<CollectionRecord, "id">): { vectors: string; text: string; vectorIndex: string } {
  // An invariant, not a user error: ids come from the store. A bad one reaches the user as `internal`.
  if (!Number.isSafeInteger(collection.id) || collection.id < 1) throw new Error(`invariant broken: collection id ${collection.id} is not a positive integer`);
  return { vectors: `rag_vec_${collection.id}`, text: `rag_fts_${collection.id}`, vectorIndex: `rag_vec_${collection.id}_idx` };
}

/** PostgreSQL's built-in text search configurations; any other language falls back to `simple`. */
const TEXT_SEARCH_CONFIGS = new Set([
  "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish", "french", "german", "greek", "hindi", "hungarian",
  "indonesian", "irish", "italian", "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian", "simple",
  "spanish", "swedish", "tamil", "turkish", "yiddish",
]);

/**
 * The text search configuration of a collection's full text, from its `language` setting:
 * PostgreSQL's configuration of that name (`english`, `german`, ...), `simple` (no stemming) for
 * an unknown or mixed language, `english` when none is set. Always one of a fixed list, so it
 * can be written into SQL.
 */
export function textSearchConfig(settings: Record<string, unknown>): string {
  const language = typeof settings.language === "string" ? settings.language.trim().toLowerCase() : "english";
  return TEXT_SEARCH_CONFIGS.has(language) ? language : "simple";
}

/** Statements that create a collection's full-text table, stemmed for its language. */
export function createTextTable(dialect: SqlDialect, collection: Pick<CollectionRecord, "id" | "settings">): string[] {
  const tables = collectionTables(collection);
  const config = textSearchConfig(collection.settings);
  if (dialect === "postgres") {
    return [
      `CREATE TABLE ${tables.text} (chunk_id BIGINT PRIMARY KEY, text TEXT NOT NULL, heading TEXT NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('${config}', heading), 'B') || to_tsvector('${config}', text)) STORED)`,
      `CREATE INDEX ${tables.text}_tsv ON ${tables.text} USING GIN (tsv)`,
    ];
  }
  // Porter stemming (English only) over unicode61: "retries" finds "retry". Text is indexed
  // twice (here and in rag_chunks) so that deleting a row needs no external-content bookkeeping.
  const tokenize = config === "english" ? "porter unicode61 remove_diacritics 2" : "unicode61 remove_diacritics 2";
  return [`CREATE VIRTUAL TABLE ${tables.text} USING fts5(text, heading, tokenize = '${tokenize}')`];
}

/** The statement that drops a collection's full-text table. */
export function dropTextTable(dialect: SqlDialect, collection: Pick<CollectionRecord, "id">): string {
  return `DROP TABLE IF EXISTS ${collectionTables(collection).text}${dialect === "postgres" ? " CASCADE" : ""}`;
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

/**
 * Okapi BM25 over a PostgreSQL full-text table, scored like FTS5's `bm25(text 1.0, heading 0.5)`
 * (k1 1.2, b 0.75, IDF floored at 1e-6) so hybrid fusion sees the same ranking on both engines:
 * `ts_rank_cd` has no IDF and lets a common word outrank a rare one. Document length is the
 * number of distinct lexemes. Parameters: the query text (for its lexemes), the OR tsquery
 * text, the filter's parameters, then k. `join` and `where` add the chunk filter over `f` (as `c` and `d`).
 */
export function postgresBm25Sql(table: string, config: string, filter: { join: string; where: string }): string {
  return `WITH terms AS (SELECT DISTINCT lexeme FROM unnest(to_tsvector('${config}', ?))),
    corpus AS (SELECT COUNT(*)::float8 AS n, GREATEST(AVG(length(tsv)), 1)::float8 AS avgdl FROM ${table}),
    idf AS (
      SELECT t.lexeme, GREATEST(ln((s.n - d.df + 0.5) / (d.df + 0.5)), 1e-6) AS idf
      FROM terms t CROSS JOIN corpus s
      CROSS JOIN LATERAL (SELECT COUNT(*)::float8 AS df FROM ${table} g WHERE g.tsv @@ quote_literal(t.lexeme)::tsquery) d
    )
    SELECT f.chunk_id,
      SUM(i.idf * x.tf * 2.2 / (x.tf + 1.2 * (0.25 + 0.75 * length(f.tsv) / s.avgdl))) AS score
    FROM ${table} f ${filter.join} CROSS JOIN corpus s
    CROSS JOIN LATERAL (
      SELECT u.lexeme, cardinality(u.positions) - 0.5 * cardinality(array_positions(u.weights, 'B'::text)) AS tf FROM unnest(f.tsv) u
    ) x
    JOIN idf i ON i.lexeme = x.lexeme
    WHERE f.tsv @@ to_tsquery('${config}', ?) ${filter.where === "" ? "" : `AND ${filter.where}`}
    GROUP BY f.chunk_id ORDER BY score DESC, f.chunk_id LIMIT ?`;
}
