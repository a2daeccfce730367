import type { Migration } from "./migration.js";

/** pgvector on PostgreSQL (collections' vectors and HNSW indexes); nothing on libSQL. */
export const pgvectorMigration: Migration = {
  version: 12,
  name: "pgvector",
  up: (dialect) => (dialect === "postgres" ? ["CREATE EXTENSION IF NOT EXISTS vector"] : []),
};
