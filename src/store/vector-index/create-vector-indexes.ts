import { VectorIndexUnsupportedError } from "../../errors/index.js";
import type { VectorIndexKind } from "../rag-records.js";
import type { SqlClient, SqlDialect } from "../sql-client.js";
import { DiskannIndex } from "./diskann-index.js";
import { ExactScanIndex } from "./exact-scan-index.js";
import { PgvectorHnswIndex } from "./pgvector-hnsw-index.js";
import { UsearchIndex } from "./usearch-index.js";
import type { VectorIndex } from "./vector-index.js";

/** The vector index kinds each engine serves; `hnsw` is usearch on libSQL and pgvector's HNSW on PostgreSQL. */
export const vectorIndexKinds: Readonly<Record<SqlDialect, readonly VectorIndexKind[]>> = {
  sqlite: ["exact", "hnsw", "diskann"],
  postgres: ["exact", "hnsw"],
};

/**
 * One VectorIndex per kind the client's engine serves, built once (usearch keeps its graphs in
 * memory between searches). `folder` is where usearch graphs are saved between processes.
 */
export function createVectorIndexes(client: SqlClient, folder: string | undefined): (kind: VectorIndexKind) => VectorIndex {
  const indexes = new Map<VectorIndexKind, VectorIndex>(
    client.dialect === "postgres"
      ? [
          ["exact", new ExactScanIndex(client)],
          ["hnsw", new PgvectorHnswIndex(client)],
        ]
      : [
          ["exact", new ExactScanIndex(client)],
          ["hnsw", new UsearchIndex(client, folder)],
          ["diskann", new DiskannIndex(client)],
        ],
  );
  return (kind) => {
    const index = indexes.get(kind);
    if (index === undefined) {
      throw new VectorIndexUnsupportedError({ kind, engine: client.dialect === "postgres" ? "PostgreSQL" : "libSQL", supported: vectorIndexKinds[client.dialect] });
    }
    return index;
  };
}
