// RAG performance: end-to-end ingest throughput (chunks/s with embedding) against the embedder
// alone, and vector search at 10k and 100k chunks: libSQL exact scan, Flywheel's HNSW index and
// libSQL's DiskANN index through the collection store, against usearch (HNSW) and an in-memory
// scan used directly, with the
// same synthetic vectors and queries. Recall@10 is against exact search.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { embedMany } from "ai";
import usearch from "usearch";
import { createFlywheel, ingest, loadConfig, openStore } from "../src/index.js";
import type { CollectionRecord, Store, VectorIndexKind } from "../src/index.js";
import { localProviderHandle } from "../test/support/local-provider-handle.js";
import { reportBench, summarize } from "./support/results.js";
import type { BenchRow } from "./support/results.js";
import { clusteredVectors, exactTopK, recallAtK, seededRandom } from "./support/synthetic-vectors.js";

const DIMENSIONS = 384;
const QUERIES = 100;
const DOCUMENTS = Number(process.env.RAG_BENCH_DOCUMENTS ?? "60");
const SIZES = (process.env.RAG_BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const DISKANN_MAX = Number(process.env.RAG_BENCH_DISKANN_MAX ?? "10000");
const WORDS = "retry budget trace span model prompt eval dataset vector index chunk embed token cache store queue worker latency recall answer citation rerank fusion hybrid search ingest loader parser heading section paragraph code table".split(" ");

export async function run(): Promise<void> {
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  const targets = [];
  const setup: Record<string, unknown> = { dimensions: DIMENSIONS, queries: QUERIES, vectors: "clustered synthetic unit vectors (200 centres)", cpus: 2 };
  await ingestThroughput(rows, ratios, setup);
  for (const size of SIZES) {
    const result = await vectorSearch(size, rows, setup);
    ratios[`${size}: libSQL exact p95 / usearch p95`] = result.exact.p95 / result.usearch.p95;
    if (result.diskann !== undefined) {
      ratios[`${size}: libSQL DiskANN p95 / usearch p95`] = result.diskann.p95 / result.usearch.p95;
      targets.push({ name: `${size} chunks: DiskANN recall@10`, target: ">= 0.95", value: result.diskann.recall, met: result.diskann.recall >= 0.95 });
      targets.push({ name: `${size} chunks: DiskANN p95 / best peer p95`, target: "<= 2", value: result.diskann.p95 / result.usearch.p95, met: result.diskann.p95 / result.usearch.p95 <= 2 });
    }
    ratios[`${size}: Flywheel HNSW p95 / usearch p95`] = result.hnsw.p95 / result.usearch.p95;
    targets.push({ name: `${size} chunks: Flywheel HNSW recall@10`, target: ">= 0.95", value: result.hnsw.recall, met: result.hnsw.recall >= 0.95 });
    targets.push({ name: `${size} chunks: Flywheel HNSW p95 / best peer p95`, target: "<= 2", value: result.hnsw.p95 / result.usearch.p95, met: result.hnsw.p95 / result.usearch.p95 <= 2 });
    targets.push({ name: `${size} chunks: exact scan p95 / best peer p95`, target: "<= 2", value: result.exact.p95 / result.usearch.p95, met: result.exact.p95 / result.usearch.p95 <= 2 });
  }
  reportBench({ benchmark: "rag", setup, rows, ratios, targets });
}

/** Ingests a generated markdown corpus end to end, and embeds the same chunk texts directly. */
async function ingestThroughput(rows: BenchRow[], ratios: Record<string, number>, setup: Record<string, unknown>): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-rag-"));
  const corpus = path.join(folder, "corpus");
  mkdirSync(corpus);
  const random = seededRandom(7);
  const sentence = () => `${Array.from({ length: 12 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ")}.`;
  for (let doc = 0; doc < DOCUMENTS; doc++) {
    const sections = Array.from({ length: 6 }, (_, index) => `## Section ${index}\n\n${Array.from({ length: 10 }, sentence).join(" ")}\n\n${Array.from({ length: 8 }, sentence).join(" ")}`);
    writeFileSync(path.join(corpus, `doc-${doc}.md`), `# Document ${doc}\n\n${sections.join("\n\n")}\n`);
  }
  const model = "local:embed";
  const config = await loadConfig({ cwd: folder, env: { FLYWHEEL_DB: path.join(folder, "flywheel.db"), FLYWHEEL_HOME: path.join(folder, "home") } });
  const flywheel = await createFlywheel({ config, providers: { local: localProviderHandle() } });
  try {
    await embedMany({ model: flywheel.embeddingModel(model), values: ["warm up the model"], maxRetries: 0 });
    const summary = await ingest(flywheel, { collection: "bench", inputs: [corpus], embeddingModel: model, cwd: folder });
    const collection = (await flywheel.store.collections.get("bench"))!;
    const texts = (await flywheel.store.sql.query<{ text: string }>("SELECT text FROM rag_chunks WHERE collection_id = ? ORDER BY id", [collection.id])).map((row) => row.text);
    const started = performance.now();
    await embedMany({ model: flywheel.embeddingModel(model), values: texts, maxRetries: 0, maxParallelCalls: 2 });
    const direct = texts.length / ((performance.now() - started) / 1000);
    rows.push({ name: `ingest end to end (${model})`, values: { chunks: summary.chunks, "chunks/s": summary.chunksPerSecond } });
    rows.push({ name: `embedding only, same chunks (${model})`, values: { chunks: texts.length, "chunks/s": direct } });
    ratios["ingest chunks/s / embedding-only chunks/s"] = summary.chunksPerSecond / direct;
    setup.ingestCorpus = { documents: DOCUMENTS, chunks: summary.chunks, embeddingModel: model };
  } finally {
    await flywheel.close();
  }
}

interface Measured {
  p50: number;
  p95: number;
  recall: number;
}

async function vectorSearch(size: number, rows: BenchRow[], setup: Record<string, unknown>): Promise<{ exact: Measured; hnsw: Measured; diskann?: Measured; usearch: Measured }> {
  const { vectors, queries } = clusteredVectors({ count: size, queries: QUERIES, dimensions: DIMENSIONS, clusters: 200, spread: 0.5, seed: 11 });
  const truth = queries.map((query) => exactTopK(vectors, query, 10));

  const memory = timeQueries(queries, (query) => exactTopK(vectors, query, 10));
  rows.push({ name: `${size}: in-memory scan (JS, direct)`, values: { "p50 ms": memory.p50, "p95 ms": memory.p95, "recall@10": recallAtK(memory.results, truth), "build s": 0 } });

  const usearchIndex = new usearch.Index({ dimensions: DIMENSIONS, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F32, multi: false, connectivity: 16, expansion_add: 128, expansion_search: 64 });
  const built = performance.now();
  const keys = BigUint64Array.from(vectors.map((_, index) => BigInt(index)));
  const matrix = new Float32Array(size * DIMENSIONS);
  vectors.forEach((vector, index) => matrix.set(vector, index * DIMENSIONS));
  usearchIndex.add(keys, matrix, 2);
  const usearchBuild = (performance.now() - built) / 1000;
  const peer = timeQueries(queries, (query) => Array.from(usearchIndex.search(query, 10, 1).keys, Number));
  const usearchResult = { p50: peer.p50, p95: peer.p95, recall: recallAtK(peer.results, truth) };
  rows.push({ name: `${size}: usearch HNSW (peer, direct)`, values: { "p50 ms": peer.p50, "p95 ms": peer.p95, "recall@10": usearchResult.recall, "build s": usearchBuild } });

  const exact = await libsqlSearch({ size, vectors, queries, truth, index: "exact", rows, setup });
  const hnsw = await libsqlSearch({ size, vectors, queries, truth, index: "hnsw", rows, setup });
  const diskann = size <= DISKANN_MAX ? await libsqlSearch({ size, vectors, queries, truth, index: "diskann", rows, setup }) : undefined;
  return { exact, hnsw, usearch: usearchResult, ...(diskann ? { diskann } : {}) };
}

async function libsqlSearch(options: { size: number; vectors: Float32Array[]; queries: Float32Array[]; truth: number[][]; index: VectorIndexKind; rows: BenchRow[]; setup: Record<string, unknown> }): Promise<Measured> {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-vec-"));
  const file = path.join(folder, "flywheel.db");
  const store = await openStore({ url: file });
  try {
    const collection = await store.collections.create({ name: "synthetic", embeddingModel: "synthetic", dimensions: DIMENSIONS, vectorIndex: options.index, settings: {} });
    const started = performance.now();
    await writeVectors(store, collection, options.vectors);
    const buildSeconds = (performance.now() - started) / 1000;
    const idOffset = Number((await store.sql.query<{ id: number }>("SELECT MIN(id) AS id FROM rag_chunks"))[0]!.id);
    // The HNSW index is built by the first search after a write (then saved beside the store).
    const indexing = performance.now();
    await store.collections.searchVectors(collection, { vector: options.queries[0]!, k: 10 });
    const indexSeconds = (performance.now() - indexing) / 1000;
    const samples: number[] = [];
    const results: number[][] = [];
    for (const query of options.queries) {
      const begun = performance.now();
      const hits = await store.collections.searchVectors(collection, { vector: query, k: 10 });
      samples.push(performance.now() - begun);
      results.push(hits.map((hit) => hit.chunkId - idOffset));
    }
    await store.sql.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const bytes = statSync(file).size + folderBytes(`${file}.vectors`);
    const stats = summarize(samples);
    const recall = recallAtK(results, options.truth);
    options.rows.push({
      name: `${options.size}: ${INDEX_NAMES[options.index]} (Flywheel store)`,
      values: { "p50 ms": stats.p50, "p95 ms": stats.p95, "recall@10": recall, "build s": buildSeconds + indexSeconds, "KB/vector": bytes / 1024 / options.size },
    });
    return { p50: stats.p50, p95: stats.p95, recall };
  } finally {
    await store.close();
  }
}

/** Bytes of every file under a folder (0 when there is none). */
function folderBytes(folder: string): number {
  if (!existsSync(folder)) return 0;
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

const INDEX_NAMES: Record<VectorIndexKind, string> = {
  exact: "libSQL exact scan",
  hnsw: "HNSW (usearch) beside libSQL",
  diskann: "libSQL DiskANN (float8, 16 neighbours)",
};

async function writeVectors(store: Store, collection: CollectionRecord, vectors: Float32Array[]): Promise<void> {
  const BATCH = 2000;
  for (let start = 0; start < vectors.length; start += BATCH) {
    await store.collections.writeDocuments(
      collection,
      vectors.slice(start, start + BATCH).map((embedding, offset) => ({
        source: `v${start + offset}`,
        title: "",
        kind: "text",
        contentHash: "",
        metadata: {},
        chunks: [{ text: `vector ${start + offset}`, headingPath: [], location: {}, tokenCount: 3, embedding }],
      })),
    );
  }
}

function timeQueries(queries: Float32Array[], search: (query: Float32Array) => number[]): { p50: number; p95: number; results: number[][] } {
  search(queries[0]!);
  const samples: number[] = [];
  const results = queries.map((query) => {
    const started = performance.now();
    const result = search(query);
    samples.push(performance.now() - started);
    return result;
  });
  const stats = summarize(samples);
  return { p50: stats.p50, p95: stats.p95, results };
}
