import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { openStore } from "../src/store/index.js";
import type { DocumentInput, Store } from "../src/store/index.js";
import { describeVectorIndexConformance } from "./support/vector-index-conformance.js";
import { createPostgresDatabase } from "./support/postgres-server.js";

const libsqlStore = () => openStore({ url: path.join(mkdtempSync(path.join(tmpdir(), "flywheel-vector-index-")), "flywheel.db") });
const postgresStore = async () => openStore({ url: await createPostgresDatabase(inject("postgresUrl")) });

describeVectorIndexConformance("libSQL exact scan", "exact", libsqlStore);
describeVectorIndexConformance("libSQL + usearch HNSW", "hnsw", libsqlStore);
describeVectorIndexConformance("libSQL DiskANN", "diskann", libsqlStore);
describeVectorIndexConformance("PostgreSQL exact scan", "exact", postgresStore);
describeVectorIndexConformance("pgvector HNSW", "hnsw", postgresStore);

function textDocument(source: string, text: string): DocumentInput {
  return { source, title: source, kind: "text", contentHash: source, metadata: {}, chunks: [{ text, headingPath: [], location: {}, tokenCount: 4, embedding: new Float32Array([1, 0, 0]) }] };
}

async function textHits(store: Store, language: string | undefined, text: string, term: string): Promise<number> {
  const collection = await store.collections.create({
    name: `t-${language ?? "none"}-${term}`,
    embeddingModel: "m:e",
    dimensions: 3,
    vectorIndex: "exact",
    settings: language === undefined ? {} : { language },
  });
  await store.collections.writeDocuments(collection, [textDocument("a.md", text)]);
  return (await store.collections.searchText(collection, { terms: [term], k: 5 })).length;
}

describe("PostgreSQL collections", () => {
  it("refuses DiskANN when the collection is created, naming the kinds that work", async () => {
    const store = await postgresStore();
    try {
      const error = await store.collections.create({ name: "d", embeddingModel: "m:e", dimensions: 3, vectorIndex: "diskann", settings: {} }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: "vector-index-unsupported", message: 'vector index "diskann" is not available on PostgreSQL' });
      expect((error as { hint: string }).hint).toContain("exact, hnsw");
      expect(await store.collections.get("d")).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it("stems full text with the collection's language, and not at all for an unknown one", async () => {
    const store = await postgresStore();
    try {
      expect(await textHits(store, "german", "Die Häuser sind alt", "Haus")).toBe(1);
      expect(await textHits(store, "english", "Die Häuser sind alt", "Haus")).toBe(0);
      expect(await textHits(store, undefined, "retries are running", "run")).toBe(1);
      expect(await textHits(store, "tlhIngan", "retries are running", "run")).toBe(0);
      expect(await textHits(store, "tlhIngan", "retries are running", "running")).toBe(1);
    } finally {
      await store.close();
    }
  });
});

describe("libSQL collections", () => {
  it("stems English full text only", async () => {
    const store = await libsqlStore();
    try {
      expect(await textHits(store, undefined, "retries are running", "run")).toBe(1);
      expect(await textHits(store, "german", "retries are running", "run")).toBe(0);
    } finally {
      await store.close();
    }
  });
});
