import { collectionTables, hasFilter } from "../rag-sql.js";
import type { SqlClient } from "../sql-client.js";
import { ExactScanIndex } from "./exact-scan-index.js";
import { HnswIndexes } from "./hnsw-index.js";
import type { IndexedCollectionRecord, VectorHit, VectorQuery } from "./vector-index.js";

/**
 * usearch HNSW graphs beside a libSQL store, derived from the collection's `F32_BLOB` table
 * (see HnswIndexes). A filtered search, or one whose k reaches the collection's size, scans
 * instead: an approximate graph cannot promise k hits that pass a filter.
 */
export class UsearchIndex extends ExactScanIndex {
  private readonly graphs: HnswIndexes;

  constructor(client: SqlClient, folder: string | undefined) {
    super(client);
    this.graphs = new HnswIndexes(client, folder);
  }

  override async refresh(collection: IndexedCollectionRecord): Promise<void> {
    await this.graphs.refresh(indexed(collection));
  }

  override async search(collection: IndexedCollectionRecord, query: VectorQuery): Promise<VectorHit[]> {
    if (!hasFilter(query.filter)) {
      const found = await this.graphs.search(indexed(collection), query.vector, query.k);
      if (found !== undefined) return found;
    }
    return this.scan(this.client, collection, query);
  }

  override async drop(tx: SqlClient, collection: IndexedCollectionRecord): Promise<void> {
    await super.drop(tx, collection);
    // Derived data: were the transaction to roll back, the next search rebuilds it from the table.
    this.graphs.drop(collection.id);
  }
}

function indexed(collection: IndexedCollectionRecord): { id: number; dimensions: number; table: string } {
  return { id: collection.id, dimensions: collection.dimensions, table: collectionTables(collection).vectors };
}
