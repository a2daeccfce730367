import type { CollectionView, SearchModeView, SearchView } from "../views/collection-views.js";

/** Options for `CollectionsBackend.search`. */
export interface CollectionSearchOptions {
  collection: string;
  query: string;
  /** vector, bm25 or hybrid (default: `rag.mode` in config). */
  mode?: SearchModeView;
  /** Hits to return (default: `rag.k` in config, else 10). */
  k?: number;
  signal: AbortSignal;
}

/**
 * What the workbench needs from the retrieval capability: collections with their ingest
 * status, and search. An implementation maps the RAG library onto these views.
 */
export interface CollectionsBackend {
  /** Every collection with its document and chunk counts. */
  list(): Promise<CollectionView[]>;
  /** Searches one collection (a `retrieve` span, like any search). */
  search(options: CollectionSearchOptions): Promise<Omit<SearchView, "tookMs">>;
}
