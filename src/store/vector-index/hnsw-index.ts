import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Index } from "usearch";
import type { SqlClient } from "../sql-client.js";

/** Rows read from the vector table per query while (re)building. */
const PAGE = 5_000;
/** Above this share of removed entries the graph is rebuilt instead of patched. */
const REBUILD_SHARE = 0.25;

/** A collection as the index needs it. */
export interface IndexedCollection {
  id: number;
  dimensions: number;
  /** The collection's vector table. */
  table: string;
}

interface LoadedIndex {
  index: Index;
  /** Chunk ids in the index: usearch cannot list its keys, and deletions need them. */
  keys: Set<number>;
  /** `vectors_version` of the collection the index reflects (at least). */
  version: number;
  /** Largest chunk id in the index; chunk ids only grow, so newer rows are above it. */
  maxId: number;
}

/**
 * HNSW indexes (usearch) over collections' vectors, derived from the vector tables, which
 * stay the source of truth. Before a search the index is brought up to the collection's
 * `vectors_version`: new rows (chunk ids only grow) are added, deleted ones removed, and a
 * heavily patched graph rebuilt. With a folder the index is saved there after each change
 * (`<collection id>/v<version>/`, written to a temporary folder and renamed, so a reader in
 * another process never sees half a file) and the next process loads it instead of
 * rebuilding; without one it lives in memory only.
 */
export class HnswIndexes {
  private readonly loaded = new Map<number, LoadedIndex>();
  private readonly syncing = new Map<number, Promise<LoadedIndex>>();

  constructor(
    private readonly client: SqlClient,
    private readonly folder: string | undefined,
  ) {}

  /**
   * The `k` nearest chunk ids to `vector` by cosine, with their cosine similarity; undefined
   * when `k` reaches the collection's size, where a graph walk may miss a few and an exact
   * scan of everything is the right tool.
   */
  async search(collection: IndexedCollection, vector: Float32Array, k: number): Promise<{ chunkId: number; score: number }[] | undefined> {
    const loaded = await this.current(collection);
    if (k >= loaded.keys.size) return undefined;
    if (k <= 0) return [];
    const matches = loaded.index.search(vector, k, 1);
    const hits: { chunkId: number; score: number }[] = [];
    for (let index = 0; index < matches.keys.length; index++) {
      hits.push({ chunkId: Number(matches.keys[index]), score: 1 - matches.distances[index]! });
    }
    return hits;
  }

  /** Brings a collection's index up to date (and saves it) without searching. */
  async refresh(collection: IndexedCollection): Promise<void> {
    await this.current(collection);
  }

  /** Forgets a collection's index and deletes its files. */
  drop(collectionId: number): void {
    this.loaded.delete(collectionId);
    if (this.folder !== undefined) rmSync(path.join(this.folder, String(collectionId)), { recursive: true, force: true });
  }

  /** The collection's index, brought up to date; one sync per collection at a time. */
  private async current(collection: IndexedCollection): Promise<LoadedIndex> {
    const running = this.syncing.get(collection.id);
    if (running !== undefined) return running;
    const sync = this.sync(collection).finally(() => this.syncing.delete(collection.id));
    this.syncing.set(collection.id, sync);
    return sync;
  }

  private async sync(collection: IndexedCollection): Promise<LoadedIndex> {
    const version = await this.readVersion(collection.id);
    let loaded = this.loaded.get(collection.id);
    if (loaded?.version === version) return loaded;
    loaded ??= (await this.loadNewest(collection)) ?? (await emptyIndex(collection.dimensions));
    if (loaded.version === version) {
      this.loaded.set(collection.id, loaded);
      return loaded;
    }
    await this.addNewRows(collection, loaded);
    const [counted] = await this.client.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${collection.table}`);
    if (loaded.keys.size !== Number(counted?.n ?? 0)) {
      const present = new Set((await this.client.query<{ chunk_id: number }>(`SELECT chunk_id FROM ${collection.table}`)).map((row) => Number(row.chunk_id)));
      const gone = [...loaded.keys].filter((key) => !present.has(key));
      if (gone.length > loaded.keys.size * REBUILD_SHARE) {
        loaded = await emptyIndex(collection.dimensions);
        await this.addNewRows(collection, loaded);
      } else if (gone.length > 0) {
        loaded.index.remove(BigUint64Array.from(gone, BigInt));
        for (const key of gone) loaded.keys.delete(key);
      }
    }
    loaded.version = version;
    this.loaded.set(collection.id, loaded);
    this.save(collection.id, loaded);
    return loaded;
  }

  private async readVersion(collectionId: number): Promise<number> {
    const [row] = await this.client.query<{ vectors_version: number }>("SELECT vectors_version FROM rag_collections WHERE id = ?", [collectionId]);
    return Number(row?.vectors_version ?? 0);
  }

  /** Adds every row above the index's largest chunk id, a page at a time. */
  private async addNewRows(collection: IndexedCollection, loaded: LoadedIndex): Promise<void> {
    for (;;) {
      const rows = await this.client.query<{ chunk_id: number; embedding: ArrayBuffer }>(
        `SELECT chunk_id, embedding FROM ${collection.table} WHERE chunk_id > ? ORDER BY chunk_id LIMIT ${PAGE}`,
        [loaded.maxId],
      );
      if (rows.length === 0) return;
      const keys = new BigUint64Array(rows.length);
      const matrix = new Float32Array(rows.length * collection.dimensions);
      rows.forEach((row, index) => {
        keys[index] = BigInt(row.chunk_id);
        matrix.set(new Float32Array(row.embedding), index * collection.dimensions);
      });
      loaded.index.add(keys, matrix, threads());
      for (const row of rows) loaded.keys.add(Number(row.chunk_id));
      loaded.maxId = Number(rows.at(-1)!.chunk_id);
    }
  }

  /** The newest saved index of a collection, if any and readable. */
  private async loadNewest(collection: IndexedCollection): Promise<LoadedIndex | undefined> {
    if (this.folder === undefined) return undefined;
    const folder = path.join(this.folder, String(collection.id));
    if (!existsSync(folder)) return undefined;
    const versions = readdirSync(folder)
      .map((name) => /^v(\d+)$/.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => Number(match[1]))
      .sort((a, b) => b - a);
    for (const version of versions) {
      const saved = path.join(folder, `v${version}`);
      try {
        const meta = JSON.parse(readFileSync(path.join(saved, "meta.json"), "utf8")) as { dimensions: number; maxId: number; sha256: string };
        // usearch trusts the file it loads (a damaged one can crash the process), so check it first.
        if (meta.dimensions !== collection.dimensions || sha256(path.join(saved, "index.usearch")) !== meta.sha256) throw new Error("damaged");
        const bytes = readFileSync(path.join(saved, "keys.bin"));
        const keys = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
        const loaded = await emptyIndex(collection.dimensions);
        loaded.index.load(path.join(saved, "index.usearch"));
        return { index: loaded.index, keys: new Set(keys), version, maxId: meta.maxId };
      } catch {
        // A damaged folder: drop it, then try an older one, or rebuild from the vectors.
        rmSync(saved, { recursive: true, force: true });
      }
    }
    return undefined;
  }

  /** Writes the index to `<id>/v<version>/` through a temporary folder, then drops older versions. */
  private save(collectionId: number, loaded: LoadedIndex): void {
    if (this.folder === undefined) return;
    const folder = path.join(this.folder, String(collectionId));
    const target = path.join(folder, `v${loaded.version}`);
    if (existsSync(target)) return;
    mkdirSync(folder, { recursive: true });
    const temporary = path.join(folder, `.tmp-${process.pid}-${Date.now()}`);
    mkdirSync(temporary);
    try {
      loaded.index.save(path.join(temporary, "index.usearch"));
      writeFileSync(path.join(temporary, "keys.bin"), Float64Array.from(loaded.keys));
      const meta = { dimensions: loaded.index.dimensions(), maxId: loaded.maxId, sha256: sha256(path.join(temporary, "index.usearch")) };
      writeFileSync(path.join(temporary, "meta.json"), JSON.stringify(meta));
      renameSync(temporary, target);
    } catch {
      // Another process saved the same version first, or the folder is read-only: the
      // in-memory index serves this process either way.
      rmSync(temporary, { recursive: true, force: true });
      return;
    }
    for (const name of readdirSync(folder)) {
      const match = /^v(\d+)$/.exec(name);
      if (match !== null && Number(match[1]) < loaded.version) rmSync(path.join(folder, name), { recursive: true, force: true });
    }
  }
}

async function emptyIndex(dimensions: number): Promise<LoadedIndex> {
  // Loaded on first use: the native module costs ~80 ms and ~20 MiB, which no other command should pay.
  const { Index, MetricKind, ScalarKind } = await import("usearch");
  const index = new Index({
    dimensions,
    metric: MetricKind.Cos,
    quantization: ScalarKind.F32,
    multi: false,
    connectivity: 16,
    expansion_add: 128,
    expansion_search: 64,
  });
  return { index, keys: new Set(), version: -1, maxId: 0 };
}

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function threads(): number {
  return Math.max(1, os.availableParallelism());
}
