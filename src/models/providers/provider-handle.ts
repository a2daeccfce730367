import type { EmbeddingModelV4, LanguageModelV4 } from "@ai-sdk/provider";
import type { FlywheelEnvironment, ProviderConfig } from "../../config/index.js";
import type { ModelInfo } from "../catalog/index.js";
import type { TextReadability } from "../text-readability.js";
import type { RelevanceScorer } from "../relevance-scorer.js";
import type { CrossEncoderFiles } from "../local/cross-encoder-runtime.js";

/** A provider as the registry sees it: a factory of AI SDK models plus what it needs to say in errors. */
export interface ProviderHandle {
  /** Provider name as used in model ids. */
  readonly name: string;
  /** Base URL of its API, for error messages (absent for in-process providers). */
  readonly baseURL?: string;
  /** True for hosted APIs, which get timeouts and retries; false for in-process models. */
  readonly remote: boolean;
  /** A chat model by the provider's own model name. */
  languageModel(model: string): LanguageModelV4;
  /** An embedding model by the provider's own model name. */
  embeddingModel(model: string): EmbeddingModelV4;
  /** An embedding model's own token counter (special tokens and any query/document prefix included), where the provider has its tokenizer. */
  tokenCounter?(model: string, inputType: "query" | "document"): Promise<(text: string) => number>;
  /** How much of `texts` an embedding model's tokenizer can read, where the provider has its tokenizer. */
  readability?(model: string, texts: string[]): Promise<TextReadability>;
  /** Pointwise relevance from a chat model's token probabilities, where the provider exposes them (embedded models). */
  relevanceScorer?(model: string): RelevanceScorer;
  /** A cross-encoder from the user's own ONNX graph and tokenizer (the embedded provider). */
  crossEncoder?(files: CrossEncoderFiles): RelevanceScorer;
  /** Catalog entries this provider knows itself (embedded models). */
  catalogEntries?(): ModelInfo[];
  /** Releases what the provider holds (loaded models). */
  close?(): Promise<void>;
}

/** What a provider factory receives. */
export interface ProviderSettings {
  /** Provider name as used in model ids. */
  name: string;
  /** Its section of the config file (may be empty). */
  config: ProviderConfig;
  /** The environment, where API keys and base URLs are read when a call is made. */
  env: FlywheelEnvironment;
}
