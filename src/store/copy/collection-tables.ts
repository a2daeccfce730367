import { collectionTables as namesOf, createTextTable, dropTextTable, vectorParam } from "../rag-sql.js";
import { createVectorIndexes } from "../vector-index/create-vector-indexes.js";
import type { VectorIndexKind } from "../rag-records.js";
import type { SqlClient } from "../sql-client.js";
import { insertRows, keyOrder } from "./copy-table.js";
import type { CopyRow, CopyTable } from "./copy-table.js";

/** What the per-collection tables depend on, read from `rag_collections`. */
export interface CollectionShape {
  /** The collection's id, which names its tables. */
  id: number;
  name: string;
  /** Vector length. */
  dimensions: number;
  /** The vector index it was created with. */
  vectorIndex: VectorIndexKind;
  /** Its settings (the full text's language among them). */
  settings: Record<string, unknown>;
}

/** The collections of a store. */
export async function collectionShapes(client: SqlClient): Promise<CollectionShape[]> {
  const rows = await client.query<{ id: number; name: string; dimensions: number; vector_index: string; settings: string }>("SELECT id, name, dimensions, vector_index, settings FROM rag_collections ORDER BY id");
  return rows.map((row) => ({
    id: Number(row.id),
    name: String(row.name),
    dimensions: Number(row.dimensions),
    vectorIndex: row.vector_index as VectorIndexKind,
    settings: JSON.parse(String(row.settings ?? "{}")) as Record<string, unknown>,
  }));
}

/**
 * Creates a collection's vector and full-text tables on the destination, typed for its engine
 * (pgvector `vector(n)` and a tsvector column, or `F32_BLOB(n)` and FTS5) with its vector
 * index, unless they exist (a resumed copy).
 */
export async function ensureCollectionTables(client: SqlClient, collection: CollectionShape): Promise<void> {
  const { vectors } = namesOf(collection);
  const exists =
    client.dialect === "postgres"
      ? (await client.query("SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?", [vectors])).length > 0
      : (await client.query("SELECT 1 FROM sqlite_master WHERE name = ?", [vectors])).length > 0;
  if (exists) return;
  await client.transaction(async (tx) => {
    await createVectorIndexes(tx, undefined)(collection.vectorIndex).create(tx, collection);
    for (const statement of createTextTable(client.dialect, collection)) await tx.execute(statement);
  });
}

/** Drops a collection's vector and full-text tables (emptying a destination with --force). */
export async function dropCollectionTables(client: SqlClient, collection: CollectionShape): Promise<void> {
  await createVectorIndexes(client, undefined)(collection.vectorIndex).drop(client, collection);
  await client.execute(dropTextTable(client.dialect, collection));
}

/**
 * A collection's vectors and full text as two copy tables. Rows are canonical across engines:
 * a vector is its float32 bytes (little-endian), a text row is `chunk_id`, `heading`, `text`.
 */
export function collectionTables(collection: CollectionShape): CopyTable[] {
  const names = namesOf(collection);
  const vectors: CopyTable = {
    name: names.vectors,
    columns: ["chunk_id", "embedding"],
    keys: ["chunk_id"],
    textKeys: [],
    async read(client, after, limit) {
      const embedding = client.dialect === "postgres" ? "embedding::text AS embedding" : "embedding";
      const rows = await client.query(`SELECT chunk_id, ${embedding} FROM ${names.vectors} ${after === undefined ? "" : "WHERE chunk_id > ?"} ORDER BY chunk_id LIMIT ?`, [
        ...(after ?? []),
        limit,
      ]);
      return rows.map((row) => ({ chunk_id: Number(row.chunk_id), embedding: vectorBytes(row.embedding, collection.dimensions) }));
    },
    async write(client, rows) {
      await insertRows(client, {
        table: names.vectors,
        columns: ["chunk_id", "embedding"],
        rows: rows.map((row) => [row.chunk_id ?? null, vectorParam(client.dialect, toFloats(row.embedding as Uint8Array))]),
        placeholder: (column) => (column === "embedding" && client.dialect === "postgres" ? "?::vector" : "?"),
      });
    },
  };
  const text: CopyTable = {
    name: names.text,
    columns: ["chunk_id", "heading", "text"],
    keys: ["chunk_id"],
    textKeys: [],
    async read(client, after, limit) {
      const id = client.dialect === "postgres" ? "chunk_id" : "rowid";
      const order = keyOrder(client, this, { chunk_id: id });
      const rows = await client.query<CopyRow>(
        `SELECT ${id} AS chunk_id, heading, text FROM ${names.text} ${after === undefined ? "" : `WHERE ${order.after}`} ORDER BY ${order.orderBy} LIMIT ?`,
        [...(after ?? []), limit],
      );
      return rows.map((row) => ({ chunk_id: Number(row.chunk_id), heading: row.heading ?? null, text: row.text ?? null }));
    },
    async write(client, rows) {
      await insertRows(client, {
        table: names.text,
        columns: [client.dialect === "postgres" ? "chunk_id" : "rowid", "heading", "text"],
        rows: rows.map((row) => [row.chunk_id ?? null, row.heading ?? null, row.text ?? null]),
      });
    },
  };
  return [vectors, text];
}

/** Float32 little-endian bytes of a vector read as libSQL's F32_BLOB or pgvector's text form. */
function vectorBytes(value: unknown, dimensions: number): Uint8Array {
  if (typeof value === "string") return new Uint8Array(Float32Array.from(JSON.parse(value) as number[]).buffer);
  const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : (value as Uint8Array);
  // libSQL appends a type byte to vectors other than float32; float32 ones are the bare floats.
  return Uint8Array.from(bytes.subarray(0, dimensions * 4));
}

function toFloats(bytes: Uint8Array): Float32Array {
  return new Float32Array(Uint8Array.from(bytes).buffer);
}
