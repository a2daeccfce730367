import type { FlywheelConfig } from "../config/index.js";

/** How a reranker grades candidates (see `rag.rerank.method` in the config). */
export type RerankMethod = FlywheelConfig["rag"]["rerank"]["method"];

/** How a search ranks chunks. */
export type SearchMode = "vector" | "bm25" | "hybrid";

/** A search mode to ask for: one of the three, or `auto`, the collection's calibrated choice. */
export type RequestedSearchMode = SearchMode | "auto";

/**
 * Retrieval settings: the config's `rag` section (defaults applied by the config schema), with
 * the embedding model and the number of hits resolved.
 */
export interface RagSettings extends Omit<FlywheelConfig["rag"], "k" | "embeddingModel"> {
  embeddingModel: string;
  /** Hits for `search` when none is asked for. */
  searchK: number;
  /** Passages given to the model by `ask`. */
  askK: number;
}

/** Hits when neither the call nor `rag.k` says: a search shows more than `ask` gives the model. */
const unsetK = { search: 10, ask: 5 } as const;

/** Reads the `rag` config section; the only defaults left to apply are those that depend on the call. */
export function ragSettings(config: FlywheelConfig): RagSettings {
  const { k, embeddingModel, ...rag } = config.rag;
  return { ...rag, embeddingModel: embeddingModel ?? config.defaultEmbeddingModel, searchK: k ?? unsetK.search, askK: k ?? unsetK.ask };
}
