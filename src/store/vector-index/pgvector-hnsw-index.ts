import { collectionTables } from "../rag-sql.js";
import type { SqlClient } from "../sql-client.js";
import { ExactScanIndex } from "./exact-scan-index.js";
import type { IndexedCollectionRecord, VectorHit, VectorQuery } from "./vector-index.js";

/**
 * pgvector's HNSW index (`vector_cosine_ops`) over the collection's vector table, maintained by
 * PostgreSQL on every write. Each search widens the candidate list (`hnsw.ef_search`) to
 * max(40, 4k), which keeps recall@10 at or above 0.95, and lets a filtered search keep walking
 * the graph (`hnsw.iterative_scan`) until k chunks pass the filter.
 */
export class PgvectorHnswIndex extends ExactScanIndex {
  override async create(tx: SqlClient, collection: IndexedCollectionRecord): Promise<void> {
    await super.create(tx, collection);
    const tables = collectionTables(collection);
    await tx.execute(`CREATE INDEX ${tables.vectorIndex} ON ${tables.vectors} USING hnsw (embedding vector_cosine_ops)`);
  }

  override async search(collection: IndexedCollectionRecord, query: VectorQuery): Promise<VectorHit[]> {
    // Settings are per connection: set them for this transaction only, on its pooled connection.
    return this.client.transaction(async (tx) => {
      await tx.query("SELECT set_config('hnsw.ef_search', ?, true), set_config('hnsw.iterative_scan', 'strict_order', true)", [
        String(Math.min(1000, Math.max(40, 4 * query.k))),
      ]);
      return this.scan(tx, collection, query);
    });
  }
}
