import { search } from "../../rag/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { requirePulledModel } from "../require-pulled-model.js";
import type { CollectionsBackend } from "./collections-backend.js";

/** The retrieval collections in the store, searched with the RAG library (a `retrieve` span each). */
export function ragCollections(flywheel: Flywheel): CollectionsBackend {
  return {
    async list() {
      return (await flywheel.store.collections.list()).map((collection) => ({
        name: collection.name,
        embeddingModel: collection.embeddingModel,
        dimensions: collection.dimensions,
        vectorIndex: collection.vectorIndex,
        documentCount: collection.documentCount,
        chunkCount: collection.chunkCount,
        createdAt: collection.createdAt,
        updatedAt: collection.updatedAt,
      }));
    },
    async search(options) {
      const collection = await flywheel.store.collections.get(options.collection);
      if (collection !== undefined) await requirePulledModel(flywheel, collection.embeddingModel);
      const result = await search(flywheel, { collection: options.collection, query: options.query, mode: options.mode, k: options.k, signal: options.signal });
      return {
        collection: result.collection.name,
        mode: result.mode,
        warnings: result.warnings,
        hits: result.hits.map((hit) => ({
          chunkId: hit.chunkId,
          source: hit.source,
          title: hit.title,
          headingPath: hit.headingPath,
          location: hit.location,
          text: hit.text,
          score: hit.score,
          ...(hit.ranks === undefined ? {} : { ranks: hit.ranks }),
        })),
      };
    },
  };
}
