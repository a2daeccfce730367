import { StoreError } from "../errors/index.js";
import { collectionTables, createTextTable, dropTextTable, filterClause, placeholderList, postgresBm25Sql, textSearchConfig } from "./rag-sql.js";
import type { ChunkFilter, ChunkHit, ChunkLocation, CollectionCalibration, CollectionRecord, CollectionSummary, DocumentInput, DocumentState, VectorIndexKind } from "./rag-records.js";
import type { SqlClient, SqlValue } from "./sql-client.js";
import { createVectorIndexes } from "./vector-index/create-vector-indexes.js";
import type { VectorIndex } from "./vector-index/vector-index.js";

/** What a new collection is made of. */
export interface NewCollection {
  name: string;
  embeddingModel: string;
  dimensions: number;
  vectorIndex: VectorIndexKind;
  /** Chunking and other settings; `language` picks the full-text stemming (see textSearchConfig). */
  settings: Record<string, unknown>;
}

/** Options of a vector search. */
export interface VectorSearchOptions {
  /** The query vector, of the collection's dimension. */
  vector: Float32Array;
  /** How many chunks to return. */
  k: number;
  filter?: ChunkFilter;
}

/** Options of a full-text (BM25) search. */
export interface TextSearchOptions {
  /**
   * Plain words. Each is quoted before it reaches the full-text engine, so no word can act as
   * an operator; a chunk matches if it has any of them, ranked by BM25.
   */
  terms: string[];
  k: number;
  filter?: ChunkFilter;
}

/**
 * Collections of documents, their chunks, vectors and full text. Vectors are the collection's
 * VectorIndex's (exact, hnsw or diskann: see vector-index/), full text lives in a per-collection
 * FTS5 table (PostgreSQL: a tsvector column with a GIN index).
 */
export interface CollectionStore {
  /** Creates a collection and its tables; refuses a vector index kind the engine cannot serve. */
  create(collection: NewCollection): Promise<CollectionRecord>;
  /** A collection by name. */
  get(name: string): Promise<CollectionRecord | undefined>;
  /** Every collection with its document and chunk counts. */
  list(): Promise<CollectionSummary[]>;
  /** Deletes a collection with everything in it; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** Source and content hash of every document, for incremental ingest. */
  documentStates(collection: CollectionRecord): Promise<DocumentState[]>;
  /** Writes documents (replacing stored ones with the same source) in one transaction: all or none. */
  writeDocuments(collection: CollectionRecord, documents: DocumentInput[]): Promise<void>;
  /** Deletes documents by id, with their chunks, in one transaction; returns how many went. */
  deleteDocuments(collection: CollectionRecord, documentIds: number[]): Promise<number>;
  /** Brings a collection's derived vector index (usearch HNSW on libSQL) up to date; nothing for the others. */
  refreshVectorIndex(collection: CollectionRecord): Promise<void>;
  /** Nearest chunks by cosine similarity. */
  searchVectors(collection: CollectionRecord, options: VectorSearchOptions): Promise<ChunkHit[]>;
  /** Best chunks by BM25. */
  searchText(collection: CollectionRecord, options: TextSearchOptions): Promise<ChunkHit[]>;
  /** How many chunks a collection holds. */
  chunkCount(collection: CollectionRecord): Promise<number>;
  /** Up to `count` chunks spread evenly over the collection (by id), the same ones each time it is unchanged. */
  sampleChunks(collection: CollectionRecord, count: number): Promise<{ chunkId: number; text: string }[]>;
  /** Records a collection's calibration (undefined clears it). */
  setCalibration(collection: CollectionRecord, calibration: CollectionCalibration | undefined): Promise<void>;
  /** Replaces a collection's settings (facts learnt while ingesting, such as how readable its text is to the model). */
  updateSettings(collection: CollectionRecord, settings: Record<string, unknown>): Promise<CollectionRecord>;
}

/** Options of `createCollectionStore`. */
export interface CollectionStoreOptions {
  /**
   * Where HNSW indexes (collections with `vectorIndex: "hnsw"` on libSQL) are saved between
   * processes; without it they are built in memory by each process.
   */
  vectorIndexFolder?: string;
}

/** A CollectionStore over any SqlClient. */
export function createCollectionStore(client: SqlClient, options: CollectionStoreOptions = {}): CollectionStore {
  const { dialect } = client;
  const vectorIndex = createVectorIndexes(client, options.vectorIndexFolder);
  const vectors = (collection: Pick<CollectionRecord, "vectorIndex">): VectorIndex => vectorIndex(collection.vectorIndex);
  return {
    async create(collection) {
      const index = vectors(collection);
      return client.transaction(async (tx) => {
        const now = Date.now();
        const [row] = await tx.query<{ id: number }>(
          `INSERT INTO rag_collections (name, embedding_model, dimensions, vector_index, settings, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          [collection.name, collection.embeddingModel, collection.dimensions, collection.vectorIndex, JSON.stringify(collection.settings), now, now],
        );
        const record: CollectionRecord = { ...collection, id: Number(row!.id), createdAt: now, updatedAt: now };
        await index.create(tx, record);
        for (const statement of createTextTable(dialect, record)) await tx.execute(statement);
        return record;
      });
    },
    async get(name) {
      const [row] = await client.query("SELECT * FROM rag_collections WHERE name = ?", [name]);
      return row === undefined ? undefined : toCollection(row);
    },
    async list() {
      const rows = await client.query(
        `SELECT c.*, (SELECT COUNT(*) FROM rag_documents d WHERE d.collection_id = c.id) AS document_count,
                (SELECT COUNT(*) FROM rag_chunks k WHERE k.collection_id = c.id) AS chunk_count
         FROM rag_collections c ORDER BY c.name`,
      );
      return rows.map((row) => ({ ...toCollection(row), documentCount: Number(row.document_count), chunkCount: Number(row.chunk_count) }));
    },
    async delete(name) {
      return client.transaction(async (tx) => {
        const [row] = await tx.query("SELECT * FROM rag_collections WHERE name = ?", [name]);
        if (row === undefined) return false;
        const collection = toCollection(row);
        await vectors(collection).drop(tx, collection);
        await tx.execute(dropTextTable(dialect, collection));
        await tx.execute("DELETE FROM rag_chunks WHERE collection_id = ?", [collection.id]);
        await tx.execute("DELETE FROM rag_documents WHERE collection_id = ?", [collection.id]);
        await tx.execute("DELETE FROM rag_collections WHERE id = ?", [collection.id]);
        return true;
      });
    },
    async documentStates(collection) {
      const rows = await client.query<{ id: number; source: string; content_hash: string }>(
        "SELECT id, source, content_hash FROM rag_documents WHERE collection_id = ?",
        [collection.id],
      );
      return rows.map((row) => ({ id: Number(row.id), source: String(row.source), contentHash: String(row.content_hash) }));
    },
    async writeDocuments(collection, documents) {
      if (documents.length === 0) return;
      const tables = collectionTables(collection);
      const index = vectors(collection);
      for (const document of documents) for (const chunk of document.chunks) checkDimensions(collection, chunk.embedding);
      await client.transaction(async (tx) => {
        for (const document of documents) {
          const existing = await tx.query<{ id: number }>("SELECT id FROM rag_documents WHERE collection_id = ? AND source = ?", [collection.id, document.source]);
          await deleteDocumentRows(tx, collection, index, existing.map((row) => Number(row.id)));
          const [inserted] = await tx.query<{ id: number }>(
            `INSERT INTO rag_documents (collection_id, source, title, kind, content_hash, metadata, chunk_count, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
            [collection.id, document.source, document.title, document.kind, document.contentHash, JSON.stringify(document.metadata), document.chunks.length, Date.now()],
          );
          const documentId = Number(inserted!.id);
          const written: { chunkId: number; vector: Float32Array }[] = [];
          // Many rows per statement (a round trip each on PostgreSQL); ids are matched back by ordinal.
          for (let start = 0; start < document.chunks.length; start += ROWS_PER_INSERT) {
            const slice = document.chunks.slice(start, start + ROWS_PER_INSERT);
            const inserted = await tx.query<{ id: number; ordinal: number }>(
              `INSERT INTO rag_chunks (collection_id, document_id, ordinal, text, heading_path, location, token_count)
               VALUES ${slice.map(() => "(?, ?, ?, ?, ?, ?, ?)").join(", ")} RETURNING id, ordinal`,
              slice.flatMap((chunk, offset) => [collection.id, documentId, start + offset, chunk.text, JSON.stringify(chunk.headingPath), JSON.stringify(chunk.location), chunk.tokenCount]),
            );
            const ids = new Map(inserted.map((row) => [Number(row.ordinal), Number(row.id)]));
            const rows = slice.map((chunk, offset) => ({ chunk, chunkId: ids.get(start + offset)! }));
            await tx.execute(
              `INSERT INTO ${tables.text} (${dialect === "postgres" ? "chunk_id" : "rowid"}, text, heading) VALUES ${rows.map(() => "(?, ?, ?)").join(", ")}`,
              rows.flatMap(({ chunk, chunkId }) => [chunkId, chunk.text, [document.title, ...chunk.headingPath].filter((part) => part !== "").join(" / ")]),
            );
            for (const { chunk, chunkId } of rows) written.push({ chunkId, vector: chunk.embedding });
          }
          await index.write(tx, collection, written);
        }
        await tx.execute(BUMP_VECTORS_VERSION, [Date.now(), collection.id]);
      });
    },
    async deleteDocuments(collection, documentIds) {
      if (documentIds.length === 0) return 0;
      return client.transaction(async (tx) => {
        const deleted = await deleteDocumentRows(tx, collection, vectors(collection), documentIds);
        await tx.execute(BUMP_VECTORS_VERSION, [Date.now(), collection.id]);
        return deleted;
      });
    },
    async refreshVectorIndex(collection) {
      await vectors(collection).refresh(collection);
    },
    async searchVectors(collection, options) {
      checkDimensions(collection, options.vector);
      return hydrate(client, await vectors(collection).search(collection, options));
    },
    async searchText(collection, options) {
      const terms = options.terms.map((term) => term.replace(/"/g, "")).filter((term) => term !== "");
      if (terms.length === 0) return [];
      const tables = collectionTables(collection);
      const filter = filterClause(dialect, options.filter);
      let rows: { chunk_id: number; score: number }[];
      if (dialect === "postgres") {
        const join = filter.sql === "" ? "" : "JOIN rag_chunks c ON c.id = f.chunk_id JOIN rag_documents d ON d.id = c.document_id";
        const words = terms.map((term) => term.replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean);
        rows = await client.query(postgresBm25Sql(tables.text, textSearchConfig(collection.settings), { join, where: filter.sql }), [
          words.join(" "),
          words.join(" | "),
          ...filter.params,
          options.k,
        ]);
      } else {
        // Every term is a quoted FTS5 string ("a""b" escapes a quote), joined by OR: no user
        // text is ever read as FTS5 syntax.
        const match = terms.map((term) => `"${term}"`).join(" OR ");
        const join = filter.sql === "" ? "" : `JOIN rag_chunks c ON c.id = ${tables.text}.rowid JOIN rag_documents d ON d.id = c.document_id`;
        rows = await client.query(
          `SELECT ${tables.text}.rowid AS chunk_id, -bm25(${tables.text}, 1.0, 0.5) AS score FROM ${tables.text} ${join}
           WHERE ${tables.text} MATCH ? ${filter.sql === "" ? "" : `AND ${filter.sql}`} ORDER BY score DESC LIMIT ?`,
          [match, ...filter.params, options.k],
        );
      }
      return hydrate(client, rows.map((row) => ({ chunkId: Number(row.chunk_id), score: Number(row.score) })));
    },
    async updateSettings(collection, settings) {
      const now = Date.now();
      await client.execute("UPDATE rag_collections SET settings = ?, updated_at = ? WHERE id = ?", [JSON.stringify(settings), now, collection.id]);
      return { ...collection, settings, updatedAt: now };
    },
    async chunkCount(collection) {
      const [row] = await client.query<{ n: number }>("SELECT COUNT(*) AS n FROM rag_chunks WHERE collection_id = ?", [collection.id]);
      return Number(row?.n ?? 0);
    },
    async sampleChunks(collection, count) {
      const ids = (await client.query<{ id: number }>("SELECT id FROM rag_chunks WHERE collection_id = ? ORDER BY id", [collection.id])).map((row) => Number(row.id));
      const step = Math.max(1, ids.length / count);
      const chosen = [...new Set(Array.from({ length: Math.min(count, ids.length) }, (_, index) => ids[Math.floor(index * step)]!))];
      if (chosen.length === 0) return [];
      const rows = await client.query<{ id: number; text: string }>(`SELECT id, text FROM rag_chunks WHERE id IN (${placeholderList(chosen.length)}) ORDER BY id`, chosen);
      return rows.map((row) => ({ chunkId: Number(row.id), text: String(row.text) }));
    },
    async setCalibration(collection, calibration) {
      await client.execute("UPDATE rag_collections SET calibration = ? WHERE id = ?", [calibration === undefined ? null : JSON.stringify(calibration), collection.id]);
    },
  };
}

/** A vector of another dimension than the collection's is refused before it reaches SQL. */
function checkDimensions(collection: CollectionRecord, vector: Float32Array): void {
  if (vector.length !== collection.dimensions) {
    throw new StoreError({
      message: `a vector of ${vector.length} dimensions does not fit collection "${collection.name}" (${collection.dimensions})`,
      hint: `embed with the collection's model, ${collection.embeddingModel}`,
    });
  }
}

/** Chunks per INSERT statement: 7 parameters each stays far under either engine's limit. */
const ROWS_PER_INSERT = 100;

/** Every write to a collection's vectors bumps its version in the same transaction (derived indexes compare it). */
const BUMP_VECTORS_VERSION = "UPDATE rag_collections SET updated_at = ?, vectors_version = vectors_version + 1 WHERE id = ?";

async function deleteDocumentRows(tx: SqlClient, collection: CollectionRecord, index: VectorIndex, documentIds: number[]): Promise<number> {
  if (documentIds.length === 0) return 0;
  const tables = collectionTables(collection);
  const list = placeholderList(documentIds.length);
  const chunkIds = `SELECT id FROM rag_chunks WHERE document_id IN (${list})`;
  await index.delete(tx, collection, chunkIds, documentIds);
  await tx.execute(`DELETE FROM ${tables.text} WHERE ${tx.dialect === "postgres" ? "chunk_id" : "rowid"} IN (${chunkIds})`, documentIds);
  await tx.execute(`DELETE FROM rag_chunks WHERE document_id IN (${list})`, documentIds);
  return (await tx.execute(`DELETE FROM rag_documents WHERE id IN (${list})`, documentIds)).rowsAffected;
}

/** Reads the chunks and documents behind ranked ids, keeping the rank order. */
async function hydrate(client: SqlClient, ranked: { chunkId: number; score: number }[]): Promise<ChunkHit[]> {
  if (ranked.length === 0) return [];
  const ids: SqlValue[] = ranked.map((item) => item.chunkId);
  const rows = await client.query(
    `SELECT c.id, c.document_id, c.text, c.heading_path, c.location, d.source, d.title, d.kind, d.metadata
     FROM rag_chunks c JOIN rag_documents d ON d.id = c.document_id WHERE c.id IN (${placeholderList(ids.length)})`,
    ids,
  );
  const byId = new Map(rows.map((row) => [Number(row.id), row]));
  return ranked.flatMap((item) => {
    const row = byId.get(item.chunkId);
    if (row === undefined) return [];
    return [
      {
        chunkId: item.chunkId,
        documentId: Number(row.document_id),
        source: String(row.source),
        title: String(row.title),
        kind: String(row.kind),
        headingPath: JSON.parse(String(row.heading_path)) as string[],
        location: JSON.parse(String(row.location)) as ChunkLocation,
        text: String(row.text),
        score: item.score,
        metadata: JSON.parse(String(row.metadata)) as Record<string, string>,
      },
    ];
  });
}

function toCollection(row: Record<string, unknown>): CollectionRecord {
  return {
    id: Number(row.id),
    name: String(row.name),
    embeddingModel: String(row.embedding_model),
    dimensions: Number(row.dimensions),
    vectorIndex: String(row.vector_index) as VectorIndexKind,
    settings: JSON.parse(String(row.settings)) as Record<string, unknown>,
    ...(row.calibration === null || row.calibration === undefined ? {} : { calibration: JSON.parse(String(row.calibration)) as CollectionCalibration }),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
