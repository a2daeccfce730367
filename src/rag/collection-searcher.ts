import type { Flywheel } from "../runtime/index.js";
import { search } from "./search.js";

/** One passage found in a collection, in the shape agents' `search_collection` tool returns. */
export interface CollectionPassage {
  text: string;
  score: number;
  source: string;
}

/**
 * Searches one collection with the configured mode (hybrid by default): the retrieval
 * behind an agent's `search_collection` tool.
 */
export function collectionSearcher(flywheel: Flywheel, collection: string): { search(query: string, k: number, options?: { signal?: AbortSignal }): Promise<CollectionPassage[]> } {
  return {
    async search(query, k, options = {}) {
      const result = await search(flywheel, { collection, query, k, ...(options.signal ? { signal: options.signal } : {}) });
      return result.hits.map((hit) => ({ text: hit.text, score: hit.score, source: hit.source }));
    },
  };
}
