import type { Migration } from "./migration.js";

/**
 * Retrieval collections, their documents and chunks. Each collection also gets its own
 * vector table (typed with the collection's dimension) and full-text table, created when
 * the collection is (see collection-store.ts), because both depend on per-collection facts.
 */
export const ragMigration: Migration = {
  version: 4,
  name: "rag",
  up: (dialect) => {
    const id = dialect === "postgres" ? "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
    return [
      `CREATE TABLE rag_collections (
        id ${id},
        name TEXT NOT NULL UNIQUE,
        embedding_model TEXT NOT NULL,
        dimensions BIGINT NOT NULL,
        vector_index TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_at DOUBLE PRECISION NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL
      )`,
      `CREATE TABLE rag_documents (
        id ${id},
        collection_id BIGINT NOT NULL REFERENCES rag_collections (id) ON DELETE CASCADE,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        metadata TEXT NOT NULL,
        chunk_count BIGINT NOT NULL,
        updated_at DOUBLE PRECISION NOT NULL,
        UNIQUE (collection_id, source)
      )`,
      `CREATE TABLE rag_chunks (
        id ${id},
        collection_id BIGINT NOT NULL REFERENCES rag_collections (id) ON DELETE CASCADE,
        document_id BIGINT NOT NULL REFERENCES rag_documents (id) ON DELETE CASCADE,
        ordinal BIGINT NOT NULL,
        text TEXT NOT NULL,
        heading_path TEXT NOT NULL,
        location TEXT NOT NULL,
        token_count BIGINT NOT NULL
      )`,
      `CREATE INDEX rag_chunks_document ON rag_chunks (document_id, ordinal)`,
      `CREATE INDEX rag_chunks_collection ON rag_chunks (collection_id)`,
    ];
  },
};
