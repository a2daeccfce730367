// RAG performance: end-to-end ingest throughput (chunks/s with embedding) against the embedder
// alone, and vector search at 10k and 100k chunks: libSQL exact scan, Flywheel's HNSW index and
// libSQL's DiskANN index through the collection store, against usearch (HNSW) and an in-memory
// scan used directly, with the same synthetic vectors and queries. Recall@10 is against exact
// search. Every comparison runs in interleaved rounds (order reversed every other round) and
// reports the median round.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { embedMany } from "ai";
import usearch from "usearch";
import { createFlywheel, ingest, loadConfig, openStore } from "../src/index.js";
import type { CollectionRecord, Store, VectorIndexKind } from "../src/index.js";
import { localProviderHandle } from "../test/support/local-provider-handle.js";
import { interleave } from "./support/interleave.js";
import { reportBench, summarize } from "./support/results.js";
import type { BenchRow } from "./support/results.js";
import { clusteredVectors, exactTopK, recallAtK, seededRandom } from "./support/synthetic-vectors.js";

const DIMENSIONS = 384;
const QUERIES = 100;
const ROUNDS = 5;
const DOCUMENTS = Number(process.env.RAG_BENCH_DOCUMENTS ?? "60");
const SIZES = (process.env.RAG_BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const DISKANN_MAX = Number(process.env.RAG_BENCH_DISKANN_MAX ?? "10000");
const WORDS = "retry budget trace span model prompt eval dataset vector index chunk embed token cache store queue worker latency recall answer citation rerank fusion hybrid search ingest loader parser heading section paragraph code table".split(" ");

export async function run(): Promise<void> {
  const rows: BenchRow[] = [];
  const ratios: Record<string, number> = {};
  const targets = [];
  const setup: Record<string, unknown> = { dimensions: DIMENSIONS, queries: QUERIES, rounds: ROUNDS, statistic: "median round; search p50/p95 are the medians of each round's", vectors: "clustered synthetic unit vectors (200 centres)", cpus: 2 };
  await ingestThroughput(rows, ratios, setup);
  for (const size of SIZES) {
    const result = await vectorSearch(size, rows);
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

/** Ingests a generated markdown corpus end to end, and embeds the same chunk texts directly, in interleaved rounds. */
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
    // Each side's window ends once its spans are written, so neither pays for the other's.
    const ingestInto = async (collection: string) => {
      const started = performance.now();
      const summary = await ingest(flywheel, { collection, inputs: [corpus], embeddingModel: model, cwd: folder });
      await flywheel.tracing.flush();
      return summary.chunks / ((performance.now() - started) / 1000);
    };
    // The warm-up ingest also gives the chunk texts the embedding-only side embeds.
    await ingestInto("warm-up");
    const collection = (await flywheel.store.collections.get("warm-up"))!;
    const texts = (await flywheel.store.sql.query<{ text: string }>("SELECT text FROM rag_chunks WHERE collection_id = ? ORDER BY id", [collection.id])).map((row) => row.text);
    const embedOnly = async () => {
      const started = performance.now();
      await embedMany({ model: flywheel.embeddingModel(model), values: texts, maxRetries: 0, maxParallelCalls: 2 });
      await flywheel.tracing.flush();
      return texts.length / ((performance.now() - started) / 1000);
    };
    // A new collection each round, so every round embeds every chunk.
    const rates = await interleave(ROUNDS, { ingest: (round) => ingestInto(`round-${round}`), embed: embedOnly });
    const ingestRate = summarize(rates.ingest).p50;
    const embedRate = summarize(rates.embed).p50;
    rows.push({ name: `ingest end to end (${model})`, values: { chunks: texts.length, "chunks/s": ingestRate } });
    rows.push({ name: `embedding only, same chunks (${model})`, values: { chunks: texts.length, "chunks/s": embedRate } });
    ratios["ingest chunks/s / embedding-only chunks/s"] = ingestRate / embedRate;
    setup.ingestCorpus = { documents: DOCUMENTS, chunks: texts.length, embeddingModel: model };
  } finally {
    await flywheel.close();
  }
}

interface Measured {
  p50: number;
  p95: number;
  recall: number;
}

/** A way to search the vectors, built and ready. */
interface Searcher {
  name: string;
  search(query: Float32Array): number[] | Promise<number[]>;
  buildSeconds: number;
  /** Bytes on disk per vector, once the rounds are done (for the store's indexes). */
  kbPerVector?: () => Promise<number>;
  close?: () => Promise<void>;
}

async function vectorSearch(size: number, rows: BenchRow[]): Promise<{ exact: Measured; hnsw: Measured; diskann?: Measured; usearch: Measured }> {
  const { vectors, queries } = clusteredVectors({ count: size, queries: QUERIES, dimensions: DIMENSIONS, clusters: 200, spread: 0.5, seed: 11 });
  const truth = queries.map((query) => exactTopK(vectors, query, 10));

  const usearchIndex = new usearch.Index({ dimensions: DIMENSIONS, metric: usearch.MetricKind.Cos, quantization: usearch.ScalarKind.F32, multi: false, connectivity: 16, expansion_add: 128, expansion_search: 64 });
  const built = performance.now();
  const keys = BigUint64Array.from(vectors.map((_, index) => BigInt(index)));
  const matrix = new Float32Array(size * DIMENSIONS);
  vectors.forEach((vector, index) => matrix.set(vector, index * DIMENSIONS));
  usearchIndex.add(keys, matrix, 2);
  const searchers: Record<string, Searcher> = {
    memory: { name: "in-memory scan (JS, direct)", search: (query) => exactTopK(vectors, query, 10), buildSeconds: 0 },
    usearch: { name: "usearch HNSW (peer, direct)", search: (query) => Array.from(usearchIndex.search(query, 10, 1).keys, Number), buildSeconds: (performance.now() - built) / 1000 },
    exact: await libsqlSearcher(vectors, queries[0]!, "exact"),
    hnsw: await libsqlSearcher(vectors, queries[0]!, "hnsw"),
    ...(size <= DISKANN_MAX ? { diskann: await libsqlSearcher(vectors, queries[0]!, "diskann") } : {}),
  };
  try {
    const rounds = await interleave(ROUNDS, Object.fromEntries(Object.entries(searchers).map(([key, searcher]) => [key, () => timeQueries(queries, searcher.search)])));
    const measured: Record<string, Measured> = {};
    for (const [key, searcher] of Object.entries(searchers)) {
      const list = rounds[key]!;
      const result = { p50: summarize(list.map((round) => round.p50)).p50, p95: summarize(list.map((round) => round.p95)).p50, recall: recallAtK(list[0]!.results, truth) };
      measured[key] = result;
      const kbPerVector = searcher.kbPerVector === undefined ? null : await searcher.kbPerVector();
      rows.push({ name: `${size}: ${searcher.name}`, values: { "p50 ms": result.p50, "p95 ms": result.p95, "recall@10": result.recall, "build s": searcher.buildSeconds, "KB/vector": kbPerVector } });
    }
    return { exact: measured.exact!, hnsw: measured.hnsw!, usearch: measured.usearch!, ...(measured.diskann ? { diskann: measured.diskann } : {}) };
  } finally {
    for (const searcher of Object.values(searchers)) await searcher.close?.();
  }
}

/** Writes the vectors into a new store with the given index and makes its first search (which builds the HNSW index). */
async function libsqlSearcher(vectors: Float32Array[], firstQuery: Float32Array, index: VectorIndexKind): Promise<Searcher> {
  const folder = mkdtempSync(path.join(tmpdir(), "flywheel-bench-vec-"));
  const file = path.join(folder, "flywheel.db");
  const store = await openStore({ url: file });
  const collection = await store.collections.create({ name: "synthetic", embeddingModel: "synthetic", dimensions: DIMENSIONS, vectorIndex: index, settings: {} });
  const started = performance.now();
  await writeVectors(store, collection, vectors);
  // The HNSW index is built by the first search after a write (then saved beside the store).
  await store.collections.searchVectors(collection, { vector: firstQuery, k: 10 });
  const buildSeconds = (performance.now() - started) / 1000;
  const idOffset = Number((await store.sql.query<{ id: number }>("SELECT MIN(id) AS id FROM rag_chunks"))[0]!.id);
  return {
    name: `${INDEX_NAMES[index]} (Flywheel store)`,
    search: async (query) => (await store.collections.searchVectors(collection, { vector: query, k: 10 })).map((hit) => hit.chunkId - idOffset),
    buildSeconds,
    async kbPerVector() {
      await store.sql.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      return (statSync(file).size + folderBytes(`${file}.vectors`)) / 1024 / vectors.length;
    },
    close: () => store.close(),
  };
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

/** Times each query (after one untimed search); per-query p50 and p95 in ms, and the results. */
async function timeQueries(queries: Float32Array[], search: Searcher["search"]): Promise<{ p50: number; p95: number; results: number[][] }> {
  await search(queries[0]!);
  const samples: number[] = [];
  const results: number[][] = [];
  for (const query of queries) {
    const started = performance.now();
    results.push(await search(query));
    samples.push(performance.now() - started);
  }
  const stats = summarize(samples);
  return { p50: stats.p50, p95: stats.p95, results };
}
