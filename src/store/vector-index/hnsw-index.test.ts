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
    const corpus = vectors(2_000, 7);
    await store.collections.writeDocuments(hnsw, documents(corpus, "doc"));
    await store.collections.writeDocuments(exact, documents(corpus, "doc"));
    let overlap = 0;
    for (const query of vectors(20, 99)) {
      const approximate = await store.collections.searchVectors(hnsw, { vector: query, k: 10 });
      const truth = await sources(store, exact, query);
      overlap += approximate.filter((hit) => truth.includes(hit.source)).length;
      expect(approximate[0]!.source).toBe(truth[0]);
      const exactTop = (await store.collections.searchVectors(exact, { vector: query, k: 1 }))[0]!;
      expect(approximate[0]!.score).toBeCloseTo(exactTop.score, 4);
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

    // Replace old-5 with a different vector: the old one must not be found any more.
    await store.collections.writeDocuments(hnsw, [{ ...documents([added[7]!.map((value) => -value)], "old")[0]!, source: "old-5.md", contentHash: "changed" }]);
    expect(await sources(store, hnsw, corpus[5]!, 400)).toHaveLength(350);
    expect((await sources(store, hnsw, added[7]!.map((value) => -value), 1))[0]).toBe("old-5.md");

    const states = await store.collections.documentStates(hnsw);
    const doomed = states.filter((state) => state.source.startsWith("new-")).map((state) => state.id);
    await store.collections.deleteDocuments(hnsw, doomed);
    const left = await sources(store, hnsw, added[7]!, 400);
    expect(left).toHaveLength(300);
    expect(left.some((source) => source.startsWith("new-"))).toBe(false);

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
