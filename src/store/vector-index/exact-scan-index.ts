import { collectionTables, filterClause, vectorParam } from "../rag-sql.js";
import type { SqlClient, SqlDialect } from "../sql-client.js";
import type { IndexedCollectionRecord, VectorHit, VectorIndex, VectorQuery } from "./vector-index.js";

/**
 * Exact search: every vector compared with the query, no index. libSQL stores `F32_BLOB(n)`
 * and scores with `vector_distance_cos`; PostgreSQL stores pgvector's `vector(n)` and scores
 * with `<=>`. Always right, linear in the collection's size. The index kinds share its table.
 */
export class ExactScanIndex implements VectorIndex {
  constructor(protected readonly client: SqlClient) {}

  async create(tx: SqlClient, collection: IndexedCollectionRecord): Promise<void> {
    const type = tx.dialect === "postgres" ? "vector" : "F32_BLOB";
    const key = tx.dialect === "postgres" ? "BIGINT" : "INTEGER";
    await tx.execute(`CREATE TABLE ${collectionTables(collection).vectors} (chunk_id ${key} PRIMARY KEY, embedding ${type}(${Math.trunc(collection.dimensions)}) NOT NULL)`);
  }

  async write(tx: SqlClient, collection: IndexedCollectionRecord, vectors: { chunkId: number; vector: Float32Array }[]): Promise<void> {
    const table = collectionTables(collection).vectors;
    const value = tx.dialect === "postgres" ? "(?, ?::vector)" : "(?, ?)";
    // Rows at a time: a few hundred parameters per statement is far under either engine's limit.
    for (let start = 0; start < vectors.length; start += 200) {
      const slice = vectors.slice(start, start + 200);
      await tx.execute(
        `INSERT INTO ${table} (chunk_id, embedding) VALUES ${slice.map(() => value).join(", ")}`,
        slice.flatMap((item) => [item.chunkId, vectorParam(tx.dialect, item.vector)]),
      );
    }
  }

  async delete(tx: SqlClient, collection: IndexedCollectionRecord, chunkIdsSql: string, params: (string | number)[]): Promise<void> {
    await tx.execute(`DELETE FROM ${collectionTables(collection).vectors} WHERE chunk_id IN (${chunkIdsSql})`, params);
  }

  async refresh(_collection: IndexedCollectionRecord): Promise<void> {}

  async search(collection: IndexedCollectionRecord, query: VectorQuery): Promise<VectorHit[]> {
    return this.scan(this.client, collection, query);
  }

  async drop(tx: SqlClient, collection: IndexedCollectionRecord): Promise<void> {
    await tx.execute(`DROP TABLE IF EXISTS ${collectionTables(collection).vectors}${tx.dialect === "postgres" ? " CASCADE" : ""}`);
  }

  /** The ordered scan (on PostgreSQL, an index on the table serves the same statement). */
  protected async scan(client: SqlClient, collection: IndexedCollectionRecord, query: VectorQuery): Promise<VectorHit[]> {
    const filter = filterClause(client.dialect, query.filter);
    const join = filter.sql === "" ? "" : "JOIN rag_chunks c ON c.id = v.chunk_id JOIN rag_documents d ON d.id = c.document_id";
    const where = filter.sql === "" ? "" : `WHERE ${filter.sql}`;
    const rows = await client.query<{ chunk_id: number; distance: number }>(
      `SELECT v.chunk_id, ${distance(client.dialect)} AS distance FROM ${collectionTables(collection).vectors} v ${join} ${where} ORDER BY distance LIMIT ?`,
      [vectorParam(client.dialect, query.vector), ...filter.params, query.k],
    );
    return rows.map((row) => ({ chunkId: Number(row.chunk_id), score: 1 - Number(row.distance) }));
  }
}

function distance(dialect: SqlDialect): string {
  return dialect === "postgres" ? "v.embedding <=> ?::vector" : "vector_distance_cos(v.embedding, ?)";
}
