import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FlywheelError } from "../../src/errors/index.js";
import type { CollectionRecord, DocumentInput, Store, VectorIndexKind } from "../../src/store/index.js";

const DIMENSIONS = 32;

/** Deterministic unit vectors around a few centres (queries drawn the same way), so neighbours are meaningful. */
function clustered(count: number, seed: number): Float32Array[] {
  let state = seed;
  const random = () => ((state = (state * 48_271) % 2_147_483_647) / 2_147_483_647) * 2 - 1;
  const centres = Array.from({ length: 16 }, () => Float32Array.from({ length: DIMENSIONS }, random));
  return Array.from({ length: count }, () => {
    const centre = centres[Math.floor(((random() + 1) / 2) * centres.length) % centres.length]!;
    return unit(Float32Array.from(centre, (value) => value + random() * 0.6));
  });
}

function unit(vector: Float32Array): Float32Array {
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}

/** One single-chunk document per vector, `<prefix>/<i>.md`, kind `text` for even i and `code` for odd. */
function documents(vectors: Float32Array[], prefix: string): DocumentInput[] {
  return vectors.map((embedding, index) => ({
    source: `${prefix}/${index}.md`,
    title: `${prefix} ${index}`,
    kind: index % 2 === 0 ? "text" : "code",
    contentHash: `${prefix}-${index}-${embedding[0]}`,
    metadata: {},
    chunks: [{ text: `${prefix} chunk ${index}`, headingPath: [], location: {}, tokenCount: 3, embedding }],
  }));
}

/** Source of the document holding `index` in `documents(vectors, prefix)`. */
const sourceOf = (prefix: string, index: number) => `${prefix}/${index}.md`;

/**
 * What every vector index kind must do, on every engine that serves it. Each call opens one
 * fresh store and makes its own collections in it.
 */
export function describeVectorIndexConformance(label: string, kind: VectorIndexKind, openFresh: () => Promise<Store>): void {
  describe(`VectorIndex conformance: ${label}`, () => {
    let store: Store;
    let made = 0;
    const collection = (dimensions = DIMENSIONS): Promise<CollectionRecord> =>
      store.collections.create({ name: `c${++made}`, embeddingModel: "m:e", dimensions, vectorIndex: kind, settings: {} });

    beforeAll(async () => {
      store = await openFresh();
    });
    afterAll(async () => {
      await store.close();
    });

    it("returns nothing from an empty collection", async () => {
      const empty = await collection();
      await store.collections.refreshVectorIndex(empty);
      expect(await store.collections.searchVectors(empty, { vector: clustered(1, 3)[0]!, k: 5 })).toEqual([]);
    });

    it("orders the top k by cosine similarity, with cosine scores", async () => {
      const target = await collection();
      const vectors = clustered(300, 11);
      await store.collections.writeDocuments(target, documents(vectors, "doc"));
      await store.collections.refreshVectorIndex(target);
      const query = vectors[42]!;
      const hits = await store.collections.searchVectors(target, { vector: query, k: 5 });
      expect(hits).toHaveLength(5);
      expect(hits[0]!.source).toBe(sourceOf("doc", 42));
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      for (const hit of hits) expect(hit.score).toBeCloseTo(cosine(query, vectors[Number(/(\d+)\.md$/.exec(hit.source)![1])]!), 4);
      expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
    });

    it("follows a replaced document and a deleted one", async () => {
      const target = await collection();
      const vectors = clustered(200, 17);
      await store.collections.writeDocuments(target, documents(vectors, "doc"));
      await store.collections.searchVectors(target, { vector: vectors[0]!, k: 3 });
      // Document 7 moves to where document 100 is; document 100 goes.
      const [moved] = documents([vectors[100]!], "doc");
      await store.collections.writeDocuments(target, [{ ...moved!, source: sourceOf("doc", 7), contentHash: "moved" }]);
      const [gone] = (await store.collections.documentStates(target)).filter((state) => state.source === sourceOf("doc", 100));
      expect(await store.collections.deleteDocuments(target, [gone!.id])).toBe(1);
      await store.collections.refreshVectorIndex(target);
      const near100 = await store.collections.searchVectors(target, { vector: vectors[100]!, k: 3 });
      expect(near100[0]!.source).toBe(sourceOf("doc", 7));
      expect(near100.map((hit) => hit.source)).not.toContain(sourceOf("doc", 100));
      const near7 = await store.collections.searchVectors(target, { vector: vectors[7]!, k: 3 });
      expect(near7[0]!.score).toBeLessThan(0.9999);
      expect(await store.collections.chunkCount(target)).toBe(199);
    });

    it("returns k hits that all pass a filter", async () => {
      const target = await collection();
      const vectors = clustered(300, 23);
      await store.collections.writeDocuments(target, documents(vectors, "doc"));
      const query = vectors[2]!;
      const hits = await store.collections.searchVectors(target, { vector: query, k: 10, filter: { kinds: ["code"] } });
      expect(hits).toHaveLength(10);
      for (const hit of hits) expect(hit.kind).toBe("code");
      // The filtered top 10 are the exact best of the odd documents.
      const truth = vectors
        .map((vector, index) => ({ index, score: cosine(query, vector) }))
        .filter((item) => item.index % 2 === 1)
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((item) => sourceOf("doc", item.index));
      expect(hits.filter((hit) => truth.includes(hit.source)).length).toBeGreaterThanOrEqual(9);
      const bySource = await store.collections.searchVectors(target, { vector: query, k: 3, filter: { sources: ["doc/1*"] } });
      for (const hit of bySource) expect(hit.source).toMatch(/^doc\/1/);
    });

    it("finds at least 95% of the exact top 10 among a few thousand vectors", async () => {
      const target = await collection();
      const drawn = clustered(2_050, 7);
      const corpus = drawn.slice(0, 2_000);
      await store.collections.writeDocuments(target, documents(corpus, "doc"));
      await store.collections.refreshVectorIndex(target);
      let found = 0;
      for (const query of drawn.slice(2_000)) {
        const truth = corpus
          .map((vector, index) => ({ index, score: cosine(query, vector) }))
          .sort((a, b) => b.score - a.score)
          .slice(0, 10)
          .map((item) => sourceOf("doc", item.index));
        const hits = await store.collections.searchVectors(target, { vector: query, k: 10 });
        found += hits.filter((hit) => truth.includes(hit.source)).length;
      }
      const recall = found / 500;
      expect(recall).toBeGreaterThanOrEqual(kind === "exact" ? 1 : 0.95);
    }, 120_000); // 2,000 writes into a graph index: seconds alone, far longer on a loaded machine.

    it("refuses a vector of another dimension, on write and on search", async () => {
      const target = await collection(8);
      const wrong = clustered(1, 5);
      const writing = await store.collections.writeDocuments(target, documents(wrong, "doc")).catch((error: unknown) => error);
      expect(FlywheelError.isInstance(writing)).toBe(true);
      expect((writing as Error).message).toContain("32 dimensions does not fit");
      const searching = await store.collections.searchVectors(target, { vector: wrong[0]!, k: 3 }).catch((error: unknown) => error);
      expect((searching as Error).message).toContain("32 dimensions does not fit");
      expect(await store.collections.chunkCount(target)).toBe(0);
    });
  });
}
