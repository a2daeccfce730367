// Retrieval at scale, libSQL against PostgreSQL, side by side in one run:
// (a) vector search over 100k synthetic 384-dim unit vectors (clustered, so neighbours mean
//     something): recall@10 against an exact scan, p95 latency and build time for usearch alone
//     (in memory), the libSQL store's hnsw kind (usearch beside libSQL) and the PostgreSQL store's
//     hnsw kind (pgvector HNSW);
// (b) hybrid nDCG@10 on the BEIR sets in $FLYWHEEL_DATASETS with the default embedding model, on a
//     libSQL file and on PostgreSQL holding the same chunks and vectors.
// Run alone: `npx tsx bench/scale/retrieval.ts` (after `npm run build`).
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import usearch from "usearch";
import { benchRetrieval, createFlywheel, loadConfig, openStore } from "../../src/index.js";
import type { ChunkLocation, CollectionRecord, DocumentInput, Store } from "../../src/index.js";
import { collectionTables } from "../../src/store/rag-sql.js";
import { localProviderHandle, modelHome } from "../../test/support/local-provider-handle.js";
import { startPostgresServer, createPostgresDatabase } from "../../test/support/postgres-server.js";
import { datasetFolder } from "../support/dataset-folder.js";
import { reportBench, summarize } from "../support/results.js";
import type { BenchResult, BenchRow } from "../support/results.js";
import { clusteredVectors, exactTopK, recallAtK } from "../support/synthetic-vectors.js";

const SIZE = Number(process.env.SCALE_RETRIEVAL_SIZE ?? "100000");
const DIMENSIONS = 384;
const QUERIES = 100;
const K = 10;
const BEIR_SETS = ["msmarco-5k", "dbpedia-5k"];

/** Measures (a) and (b) against one throwaway PostgreSQL server; see the file comment. */
export async function retrievalScale(): Promise<BenchResult> {
  const server = await startPostgresServer();
  const rows: BenchRow[] = [];
  const targets: NonNullable<BenchResult["targets"]> = [];
  const setup: Record<string, unknown> = {
    vectors: SIZE,
    dimensions: DIMENSIONS,
    queries: QUERIES,
    k: K,
    synthetic: "unit vectors around 200 random centres, spread 0.5, seed 11",
    usearch: "connectivity 16, expansion_add 128, expansion_search 64",
    pgvector: "HNSW m 16, ef_construction 64 (defaults), ef_search max(40, 4k), built after loading with maintenance_work_mem 512MB",
    latency: "per query through the store (including reading the chunks back); usearch alone is the bare index",
  };
  try {
    await vectorSearch(server.url, rows, targets);
    await hybridQuality(server.url, rows, targets, setup);
  } finally {
    await server.stop();
  }
  return { benchmark: "scale-retrieval", setup, rows, targets };
}

async function vectorSearch(serverUrl: string, rows: BenchRow[], targets: NonNullable<BenchResult["targets"]>): Promise<void> {
  const { vectors, queries } = clusteredVectors({ count: SIZE, queries: QUERIES, dimensions: DIMENSIONS, clusters: 200, spread: 0.5, seed: 11 });
  const truth = queries.map((query) => exactTopK(vectors, query, K));

  let started = performance.now();
  const index = new usearch.Index({ dimensions: DIMENSIONS, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F32, multi: false, connectivity: 16, expansion_add: 128, expansion_search: 64 });
  const matrix = new Float32Array(SIZE * DIMENSIONS);
  vectors.forEach((vector, position) => matrix.set(vector, position * DIMENSIONS));
  index.add(BigUint64Array.from(vectors, (_, position) => BigInt(position)), matrix, 2);
  const usearchBuild = (performance.now() - started) / 1000;
  rows.push(measure("usearch HNSW alone (in memory)", { load: 0, build: usearchBuild }, queries, truth, (query) => Array.from(index.search(query, K, 1).keys, Number)));

  const libsql = await openStore({ url: path.join(mkdtempSync(path.join(tmpdir(), "flywheel-scale-")), "flywheel.db") });
  try {
    const collection = await libsql.collections.create({ name: "synthetic", embeddingModel: "synthetic", dimensions: DIMENSIONS, vectorIndex: "hnsw", settings: {} });
    started = performance.now();
    await writeVectors(libsql, collection, vectors);
    const load = (performance.now() - started) / 1000;
    started = performance.now();
    await libsql.collections.refreshVectorIndex(collection);
    const build = (performance.now() - started) / 1000;
    rows.push(await measureStore("libSQL + usearch (store, hnsw)", { load, build }, libsql, collection, queries, truth));
  } finally {
    await libsql.close();
  }

  const postgres = await openStore({ url: await createPostgresDatabase(serverUrl, "flywheel_bench") });
  try {
    const collection = await postgres.collections.create({ name: "synthetic", embeddingModel: "synthetic", dimensions: DIMENSIONS, vectorIndex: "hnsw", settings: {} });
    const tables = collectionTables(collection);
    // A bulk load: write without the index, then build it once (far faster than insert by insert).
    await postgres.sql.execute(`DROP INDEX ${tables.vectorIndex}`);
    started = performance.now();
    await writeVectors(postgres, collection, vectors);
    const load = (performance.now() - started) / 1000;
    started = performance.now();
    await postgres.sql.transaction(async (tx) => {
      await tx.execute("SET LOCAL maintenance_work_mem = '512MB'");
      await tx.execute(`CREATE INDEX ${tables.vectorIndex} ON ${tables.vectors} USING hnsw (embedding vector_cosine_ops)`);
    });
    const build = (performance.now() - started) / 1000;
    await postgres.sql.execute(`ANALYZE ${tables.vectors}`);
    const measured = await measureStore("PostgreSQL + pgvector HNSW (store, hnsw)", { load, build }, postgres, collection, queries, truth);
    rows.push(measured);
    const recall = Number(measured.values["recall@10"]);
    targets.push({ name: "pgvector HNSW recall@10 at 100k", target: ">= 0.95", value: recall, met: recall >= 0.95 });
  } finally {
    await postgres.close();
  }
}

function measure(name: string, seconds: { load: number; build: number }, queries: Float32Array[], truth: number[][], search: (query: Float32Array) => number[]): BenchRow {
  search(queries[0]!);
  const found: number[][] = [];
  const latencies: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    found.push(search(query));
    latencies.push(performance.now() - started);
  }
  const times = summarize(latencies);
  return { name, values: { "recall@10": recallAtK(found, truth), "p50 ms": times.p50, "p95 ms": times.p95, "load s": seconds.load, "build s": seconds.build } };
}

async function measureStore(name: string, seconds: { load: number; build: number }, store: Store, collection: CollectionRecord, queries: Float32Array[], truth: number[][]): Promise<BenchRow> {
  const search = async (query: Float32Array) => (await store.collections.searchVectors(collection, { vector: query, k: K })).map((hit) => Number(hit.text.slice(1)));
  await search(queries[0]!);
  const found: number[][] = [];
  const latencies: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    found.push(await search(query));
    latencies.push(performance.now() - started);
  }
  const times = summarize(latencies);
  return { name, values: { "recall@10": recallAtK(found, truth), "p50 ms": times.p50, "p95 ms": times.p95, "load s": seconds.load, "build s": seconds.build } };
}

/** One document of 100 chunks per 100 vectors; a chunk's text is `v<position>`. */
async function writeVectors(store: Store, collection: CollectionRecord, vectors: Float32Array[]): Promise<void> {
  const PER_DOCUMENT = 100;
  const documents: DocumentInput[] = [];
  for (let start = 0; start < vectors.length; start += PER_DOCUMENT) {
    documents.push({
      source: `d${start}`,
      title: "",
      kind: "text",
      contentHash: "",
      metadata: {},
      chunks: vectors.slice(start, start + PER_DOCUMENT).map((embedding, offset) => ({ text: `v${start + offset}`, headingPath: [], location: {}, tokenCount: 1, embedding })),
    });
  }
  for (let start = 0; start < documents.length; start += 50) await store.collections.writeDocuments(collection, documents.slice(start, start + 50));
}

/**
 * Hybrid nDCG@10 per BEIR set on a libSQL file and on PostgreSQL. Both hold the same chunks and
 * vectors: the libSQL side is ingested (embedding only what the cached bench store lacks), then
 * copied into PostgreSQL, so the comparison is of the stores and not of two embedding runs.
 */
async function hybridQuality(serverUrl: string, rows: BenchRow[], targets: NonNullable<BenchResult["targets"]>, setup: Record<string, unknown>): Promise<void> {
  const folders = BEIR_SETS.map((name) => ({ name, folder: datasetFolder(name) }));
  const missing = folders.filter((item) => item.folder === undefined).map((item) => item.name);
  if (missing.length > 0) setup.beirSkipped = `${missing.join(", ")}: not found (set FLYWHEEL_DATASETS to the folder that holds the BEIR sets)`;
  const present = folders.filter((item): item is { name: string; folder: string } => item.folder !== undefined);
  if (present.length === 0) return;
  const work = mkdtempSync(path.join(tmpdir(), "flywheel-scale-beir-"));
  const libsqlFile = path.join(work, "flywheel.db");
  // Start from the retrieval bench's store when there is one, so nothing is embedded twice.
  const cached = path.join(modelHome, "bench", "retrieval.db");
  if (existsSync(cached)) copyFileSync(cached, libsqlFile);
  const postgresUrl = await createPostgresDatabase(serverUrl, "flywheel_bench");
  const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  const open = async (db: string) =>
    createFlywheel({ config: await loadConfig({ cwd: root, env: { ...process.env, FLYWHEEL_DB: db }, overrides: { traces: { enabled: false } } }), providers: { local: localProviderHandle() } });
  const libsql = await open(libsqlFile);
  const postgres = await open(postgresUrl);
  try {
    for (const { name, folder } of present) {
      const onLibsql = await benchRetrieval(libsql, { folder, modes: ["bm25", "vector", "hybrid"], embeddingModel: "local:embed" });
      setup[`${name} chunks embedded this run`] = onLibsql.ingest.chunks;
      await copyCollection(libsql.store, postgres.store, onLibsql.collection);
      const onPostgres = await benchRetrieval(postgres, { folder, modes: ["bm25", "vector", "hybrid"], embeddingModel: "local:embed" });
      for (const [engine, result] of [["libSQL", onLibsql], ["PostgreSQL", onPostgres]] as const) {
        for (const mode of result.modes) rows.push({ name: `${name} ${mode.mode} (${engine})`, values: { "nDCG@10": mode.ndcgAt10, "recall@10": mode.recallAt10, "queries/s": mode.queriesPerSecond } });
      }
      const hybrid = (result: typeof onLibsql) => result.modes.find((mode) => mode.mode === "hybrid")!.ndcgAt10;
      const gap = Math.abs(hybrid(onPostgres) - hybrid(onLibsql));
      targets.push({ name: `${name}: hybrid nDCG@10 |PostgreSQL - libSQL|`, target: "<= 0.01", value: gap, met: gap <= 0.01 });
    }
  } finally {
    await libsql.close();
    await postgres.close();
  }
}

/** Copies a collection's documents, chunks and vectors from one store to another (the same collection settings). */
async function copyCollection(from: Store, to: Store, name: string): Promise<void> {
  const source = (await from.collections.get(name))!;
  if ((await to.collections.get(name)) !== undefined) return;
  const target = await to.collections.create({ name, embeddingModel: source.embeddingModel, dimensions: source.dimensions, vectorIndex: source.vectorIndex, settings: source.settings });
  const vectorTable = collectionTables(source).vectors;
  const documents = await from.sql.query("SELECT * FROM rag_documents WHERE collection_id = ? ORDER BY id", [source.id]);
  for (let start = 0; start < documents.length; start += 500) {
    const batch = documents.slice(start, start + 500);
    const ids = batch.map((row) => Number(row.id));
    const chunks = await from.sql.query(
      `SELECT c.*, v.embedding FROM rag_chunks c JOIN ${vectorTable} v ON v.chunk_id = c.id WHERE c.document_id IN (${ids.map(() => "?").join(", ")}) ORDER BY c.document_id, c.ordinal`,
      ids,
    );
    const byDocument = new Map<number, Record<string, unknown>[]>();
    for (const chunk of chunks) byDocument.set(Number(chunk.document_id), [...(byDocument.get(Number(chunk.document_id)) ?? []), chunk]);
    await to.collections.writeDocuments(
      target,
      batch.map((row) => ({
        source: String(row.source),
        title: String(row.title),
        kind: String(row.kind),
        contentHash: String(row.content_hash),
        metadata: JSON.parse(String(row.metadata)) as Record<string, string>,
        chunks: (byDocument.get(Number(row.id)) ?? []).map((chunk) => ({
          text: String(chunk.text),
          headingPath: JSON.parse(String(chunk.heading_path)) as string[],
          location: JSON.parse(String(chunk.location)) as ChunkLocation,
          tokenCount: Number(chunk.token_count),
          embedding: new Float32Array((chunk.embedding as ArrayBuffer).slice(0)),
        })),
      })),
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) reportBench(await retrievalScale());
