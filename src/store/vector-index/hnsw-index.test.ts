import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { CollectionRecord, DocumentInput } from "../rag-records.js";
import { openStore } from "../store.js";
import type { Store } from "../store.js";

const DIMENSIONS = 16;
const open: Store[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((store) => store.close()));
});

async function fresh(file?: string): Promise<{ store: Store; file: string }> {
  const location = file ?? path.join(mkdtempSync(path.join(tmpdir(), "flywheel-hnsw-")), "flywheel.db");
  const store = await openStore({ url: location });
  open.push(store);
  return { store, file: location };
}

/** Deterministic unit vectors around a few centres, so neighbours are meaningful. */
function vectors(count: number, seed: number): Float32Array[] {
  let state = seed;
  const random = () => ((state = (state * 48_271) % 2_147_483_647) / 2_147_483_647) * 2 - 1;
  const centres = Array.from({ length: 8 }, () => Float32Array.from({ length: DIMENSIONS }, random));
  return Array.from({ length: count }, (_, index) => {
    const vector = Float32Array.from(centres[index % centres.length]!, (value) => value + random() * 0.4);
    const norm = Math.hypot(...vector);
    return vector.map((value) => value / norm);
  });
}

function documents(vectorsToWrite: Float32Array[], prefix: string): DocumentInput[] {
  return vectorsToWrite.map((embedding, index) => ({
    source: `${prefix}-${index}.md`,
    title: `${prefix} ${index}`,
    kind: index % 2 === 0 ? "markdown" : "text",
    contentHash: `${prefix}-${index}`,
    metadata: {},
    chunks: [{ text: `${prefix} chunk ${index}`, headingPath: [], location: {}, tokenCount: 3, embedding }],
  }));
}

async function collectionPair(store: Store): Promise<{ hnsw: CollectionRecord; exact: CollectionRecord }> {
  const hnsw = await store.collections.create({ name: "hnsw", embeddingModel: "m:e", dimensions: DIMENSIONS, vectorIndex: "hnsw", settings: {} });
  const exact = await store.collections.create({ name: "exact", embeddingModel: "m:e", dimensions: DIMENSIONS, vectorIndex: "exact", settings: {} });
  return { hnsw, exact };
}

async function sources(store: Store, collection: CollectionRecord, vector: Float32Array, k = 10): Promise<string[]> {
  return (await store.collections.searchVectors(collection, { vector, k })).map((hit) => hit.source);
}

describe("HNSW vector index beside a libSQL store", () => {
  it("finds what an exact scan finds, with cosine scores", async () => {
    const { store } = await fresh();
    const { hnsw, exact } = await collectionPair(store);
    // Queries from the same distribution as the data, none of them stored.
    const drawn = vectors(2_020, 7);
    const corpus = drawn.slice(0, 2_000);
    await store.collections.writeDocuments(hnsw, documents(corpus, "doc"));
    await store.collections.writeDocuments(exact, documents(corpus, "doc"));
    let overlap = 0;
    for (const query of drawn.slice(2_000)) {
      const approximate = await store.collections.searchVectors(hnsw, { vector: query, k: 10 });
      const truth = await sources(store, exact, query);
      overlap += approximate.filter((hit) => truth.includes(hit.source)).length;
      // The best hit is the exact best, or one tied with it (same cosine to 3 decimals).
      const exactTop = (await store.collections.searchVectors(exact, { vector: query, k: 1 }))[0]!;
      expect(approximate[0]!.score).toBeCloseTo(exactTop.score, 3);
      expect(approximate[0]!.score).toBeLessThanOrEqual(exactTop.score + 1e-5);
    }
    expect(overlap / 200).toBeGreaterThanOrEqual(0.95);
  });

  it("follows writes, replacements and deletions, and keeps filters exact", async () => {
    const { store } = await fresh();
    const { hnsw } = await collectionPair(store);
    const corpus = vectors(300, 3);
    await store.collections.writeDocuments(hnsw, documents(corpus, "old"));
    expect((await sources(store, hnsw, corpus[5]!, 1))[0]).toBe("old-5.md");

    const added = vectors(50, 11);
    await store.collections.writeDocuments(hnsw, documents(added, "new"));
    expect((await sources(store, hnsw, added[7]!, 1))[0]).toBe("new-7.md");

    // Replace old-5 with a far-away vector: its old position must not find it any more.
    await store.collections.writeDocuments(hnsw, [{ ...documents([added[7]!.map((value) => -value)], "old")[0]!, source: "old-5.md", contentHash: "changed" }]);
    expect(await sources(store, hnsw, corpus[5]!)).not.toContain("old-5.md");
    expect((await sources(store, hnsw, added[7]!.map((value) => -value), 1))[0]).toBe("old-5.md");

    const states = await store.collections.documentStates(hnsw);
    const doomed = states.filter((state) => state.source.startsWith("new-")).map((state) => state.id);
    await store.collections.deleteDocuments(hnsw, doomed);
    const near = await sources(store, hnsw, added[7]!);
    expect(near).toHaveLength(10);
    expect(near.some((source) => source.startsWith("new-"))).toBe(false);
    expect(await store.collections.chunkCount(hnsw)).toBe(300);
    // Asking for the whole collection is an exact scan: every chunk, none twice.
    expect(new Set(await sources(store, hnsw, added[7]!, 300)).size).toBe(300);

    const filtered = await store.collections.searchVectors(hnsw, { vector: corpus[1]!, k: 5, filter: { kinds: ["text"] } });
    expect(filtered).toHaveLength(5);
    expect(filtered.every((hit) => hit.kind === "text")).toBe(true);
  });

  it("saves the index beside the store, so another process loads it and catches up instead of rebuilding", async () => {
    const { store, file } = await fresh();
    const { hnsw } = await collectionPair(store);
    const corpus = vectors(500, 5);
    await store.collections.writeDocuments(hnsw, documents(corpus, "doc"));
    await store.collections.refreshVectorIndex(hnsw); // what ingest does after writing
    const folder = `${file}.vectors`;
    const saved = readdirSync(path.join(folder, String(hnsw.id)));
    expect(saved).toEqual(["v1"]);

    // A second store on the same file (as another process would be) sees later writes too.
    const { store: other } = await fresh(file);
    const later = vectors(20, 21);
    await store.collections.writeDocuments(hnsw, documents(later, "later"));
    expect((await sources(other, hnsw, later[3]!, 1))[0]).toBe("later-3.md");
    expect(readdirSync(path.join(folder, String(hnsw.id)))).toEqual(["v2"]);

    // A damaged saved index is rebuilt from the vectors, which stay the source of truth.
    writeFileSync(path.join(folder, String(hnsw.id), "v2", "index.usearch"), "not an index");
    const { store: third } = await fresh(file);
    expect((await sources(third, hnsw, corpus[42]!, 1))[0]).toBe("doc-42.md");

    expect(await store.collections.delete("hnsw")).toBe(true);
    expect(existsSync(path.join(folder, String(hnsw.id)))).toBe(false);
  });
});
