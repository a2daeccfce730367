import type { FlywheelConfig } from "../config/index.js";
import type { VectorIndexKind } from "../store/index.js";

/** How a search ranks chunks. */
export type SearchMode = "vector" | "bm25" | "hybrid";

/** Retrieval settings with every default applied. */
export interface RagSettings {
  embeddingModel: string;
  chunkSize: number;
  chunkOverlap: number;
  mode: SearchMode;
  /** Hits for `search` when none is asked for. */
  searchK: number;
  /** Passages given to the model by `ask`. */
  askK: number;
  weights: { vector: number; bm25: number };
  rrfK: number;
  vectorIndex: VectorIndexKind;
  minScore: number;
  promptFile: string | undefined;
  maxFileBytes: number;
  exclude: string[];
}

/**
 * The defaults, in one place. Fusion settings come from the retrieval benchmark (README,
 * "Retrieval quality"): the dense ranking is worth more than BM25 with all-MiniLM-L6-v2, and a
 * small fusion constant keeps its head (k 10 instead of the usual 60).
 */
export const defaultRagSettings = {
  chunkSize: 200,
  chunkOverlap: 30,
  mode: "hybrid",
  searchK: 10,
  askK: 5,
  weights: { vector: 1, bm25: 0.5 },
  rrfK: 10,
  vectorIndex: "exact",
  minScore: 0.3,
  maxFileBytes: 20 * 1024 * 1024,
} as const;

/** Reads the `rag` config section over the defaults. */
export function ragSettings(config: FlywheelConfig): RagSettings {
  const rag = config.rag;
  return {
    embeddingModel: rag.embeddingModel ?? config.defaultEmbeddingModel,
    chunkSize: rag.chunkSize ?? defaultRagSettings.chunkSize,
    chunkOverlap: rag.chunkOverlap ?? defaultRagSettings.chunkOverlap,
    mode: rag.mode ?? defaultRagSettings.mode,
    searchK: rag.k ?? defaultRagSettings.searchK,
    askK: rag.k ?? defaultRagSettings.askK,
    weights: { vector: rag.weights?.vector ?? defaultRagSettings.weights.vector, bm25: rag.weights?.bm25 ?? defaultRagSettings.weights.bm25 },
    rrfK: rag.rrfK ?? defaultRagSettings.rrfK,
    vectorIndex: rag.vectorIndex ?? defaultRagSettings.vectorIndex,
    minScore: rag.minScore ?? defaultRagSettings.minScore,
    promptFile: rag.promptFile,
    maxFileBytes: rag.maxFileBytes ?? defaultRagSettings.maxFileBytes,
    exclude: rag.exclude ?? [],
  };
}
