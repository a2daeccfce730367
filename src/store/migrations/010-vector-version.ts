import type { Migration } from "./migration.js";

/**
 * A per-collection counter of vector writes, bumped in the same transaction as every write
 * or delete of a collection's vectors. Derived indexes outside the database (the HNSW
 * index beside a libSQL file) compare it with the version they were built at to know
 * whether they are current, at the cost of reading one row.
 */
export const vectorVersionMigration: Migration = {
  version: 10,
  name: "vector-version",
  up: () => ["ALTER TABLE rag_collections ADD COLUMN vectors_version BIGINT NOT NULL DEFAULT 0"],
};
