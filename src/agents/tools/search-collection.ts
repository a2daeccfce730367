import { z } from "zod";
import { searchCollectionSettingsSchema } from "../../config/index.js";
import { defineTool } from "./agent-tool.js";
import type { AgentTool } from "./agent-tool.js";

/** One passage a collection search returned. */
export interface CollectionHit {
  /** The passage text. */
  text: string;
  /** Relevance score, higher is better. */
  score?: number;
  /** Where the passage comes from (a file path, a URL, a document id). */
  source?: string;
}

/** What `search_collection` needs from retrieval: the RAG search of one collection. */
export interface CollectionSearcher {
  /** The `k` passages that best answer `query`. */
  search(query: string, k: number, options?: { signal?: AbortSignal }): Promise<CollectionHit[]>;
}

const defaultK = searchCollectionSettingsSchema.shape.k.parse(undefined);

const searchInput = z.object({
  /** What to look for. */
  query: z.string().min(1).max(2000).describe("what to look for, in words"),
  /** How many passages to return. */
  k: z.number().int().min(1).max(20).optional().describe(`how many passages to return (default ${defaultK})`),
});

/** Options for `searchCollectionTool`. */
export interface SearchCollectionToolOptions {
  /** Name of the collection, shown to the model. */
  collection: string;
  /** The collection's search. */
  searcher: CollectionSearcher;
  /** Passages returned when the model does not say (default: that of `agents.tools.search_collection.k` in config). */
  defaultK?: number;
}

/** The `search_collection` tool: searches one document collection and returns numbered passages with their sources. */
export function searchCollectionTool(options: SearchCollectionToolOptions): AgentTool<z.infer<typeof searchInput>> {
  return defineTool({
    name: "search_collection",
    description: `Searches the document collection "${options.collection}" and returns the passages that best match the query, with their sources.`,
    inputSchema: searchInput,
    execute: async ({ query, k }, { signal }) => {
      const hits = await options.searcher.search(query, k ?? options.defaultK ?? defaultK, { signal });
      if (hits.length === 0) return "no passages found";
      return hits.map((hit, index) => `[${index + 1}]${hit.source === undefined ? "" : ` (${hit.source})`} ${hit.text}`).join("\n\n");
    },
  });
}
