import type { EmbeddingModelV4, LanguageModelV4 } from "@ai-sdk/provider";
import { UnknownModelError } from "../../errors/index.js";
import { findCatalogEntry, localCatalog, resolveModel } from "../model-store/index.js";
import type { LocalCatalogEntry, PulledModel, PullProgress } from "../model-store/index.js";
import type { RelevanceScorer } from "../relevance-scorer.js";
import { CrossEncoderRuntime } from "./cross-encoder-runtime.js";
import type { CrossEncoderFiles } from "./cross-encoder-runtime.js";
import { EmbeddingRuntime } from "./embedding-runtime.js";
import type { EmbeddingInputType } from "./embedding-runtime.js";
import { LlamaRuntime } from "./llama-runtime.js";
import { LocalEmbeddingModel } from "./local-embedding-model.js";
import { LocalLanguageModel } from "./local-language-model.js";
import { freeCoreCount } from "./thread-count.js";
import type { TextReadability } from "../text-readability.js";
import { yesNoRelevance } from "./yes-no-relevance.js";

/** Options for `createLocalProvider`. */
export interface LocalProviderOptions {
  /** Flywheel's home (`FLYWHEEL_HOME`, default `~/.cache/flywheel`); models live in `<home>/models`. */
  home: string;
  /** CPU threads for inference (default: the cores not busy when the model loads). */
  threads?: number;
  /** Pull a catalog model on first use when it is not in the store (default true). */
  autoPull?: boolean;
  /** Progress of automatic pulls, for a progress bar. */
  onProgress?: (event: PullProgress) => void;
  /** Context window per chat sequence in tokens (default 4096, at most the model's own). */
  contextSize?: number;
  /** Chat calls evaluated side by side; more wait in a queue (default 2). */
  parallelSequences?: number;
  /** Catalog to resolve aliases in (default: the built-in local catalog). */
  catalog?: readonly LocalCatalogEntry[];
  /** Environment for automatic pulls (pip settings, HF_TOKEN); default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** The embedded-model provider: `local:<alias>` chat and embedding models. */
export interface LocalProvider {
  /** Same as `languageModel`. */
  (alias: string): LanguageModelV4;
  /** A chat model by alias (`default`, `smollm2-135m`, or a pulled alias). */
  languageModel(alias: string): LanguageModelV4;
  /** Pointwise relevance from a chat model's yes/no next-token probabilities; shares the loaded model with `languageModel`. */
  relevanceScorer(alias: string): RelevanceScorer;
  /** A cross-encoder from the user's ONNX graph and tokenizer, loaded once per graph. */
  crossEncoder(files: CrossEncoderFiles): RelevanceScorer;
  /** An embedding model by alias (`embed`, `all-minilm-l6-v2`, ...). */
  embeddingModel(alias: string): EmbeddingModelV4;
  /** The embedding model's own token counter (its tokenizer and prefix, special tokens included); loads the model. */
  tokenCounter(alias: string, inputType: EmbeddingInputType): Promise<(text: string) => number>;
  /** How much of `texts` the embedding model's tokenizer can read (unknown pieces, pieces per word); loads the model. */
  readability(alias: string, texts: string[]): Promise<TextReadability>;
  /** The catalog this provider resolves aliases in. */
  readonly catalog: readonly LocalCatalogEntry[];
  /** Frees every loaded model; later calls load them again. */
  close(): Promise<void>;
}

/**
 * Creates the provider for embedded models: GGUF chat models through node-llama-cpp and ONNX
 * sentence-embedding models through onnxruntime, both in-process. Each model is pulled (when
 * allowed and needed), verified and loaded once, on first use, and shared by every call.
 */
export function createLocalProvider(options: LocalProviderOptions): LocalProvider {
  const catalog = options.catalog ?? localCatalog;
  const chatRuntimes = new Map<string, Promise<LlamaRuntime>>();
  const embeddingRuntimes = new Map<string, Promise<EmbeddingRuntime>>();
  const crossEncoders = new Map<string, Promise<CrossEncoderRuntime>>();
  const onExit = () => void close();
  let exitHookInstalled = false;

  const resolve = async (alias: string, kind: PulledModel["kind"]): Promise<PulledModel> => {
    const model = await resolveModel(options.home, alias, {
      autoPull: options.autoPull ?? true,
      catalog,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    if (model.kind !== kind) throw wrongKind(alias, model.kind);
    return model;
  };
  const load = <T>(cache: Map<string, Promise<T>>, alias: string, loader: () => Promise<T>): Promise<T> => {
    let runtime = cache.get(alias);
    if (runtime === undefined) {
      runtime = loader();
      // A failed load (no network for the pull, a corrupt file) is retried on the next call.
      runtime.catch(() => cache.delete(alias));
      cache.set(alias, runtime);
      if (!exitHookInstalled) {
        process.once("beforeExit", onExit);
        exitHookInstalled = true;
      }
    }
    return runtime;
  };

  const chatRuntime = (alias: string): Promise<LlamaRuntime> => {
    const key = findCatalogEntry(alias, catalog)?.alias ?? alias;
    return load(chatRuntimes, key, async () => {
      const model = await resolve(alias, "chat");
      // A fine-tuned model is a LoRA adapter: load its base GGUF with the adapter applied.
      const weights = model.base === undefined ? model : await resolve(model.base, "chat");
      return LlamaRuntime.load(weights, {
        threads: options.threads ?? freeCoreCount(),
        contextSize: options.contextSize ?? 4096,
        parallelSequences: options.parallelSequences ?? 2,
        ...(model.base === undefined ? {} : { loraAdapters: [model.mainPath] }),
      });
    });
  };
  const languageModel = (alias: string): LanguageModelV4 => {
    checkKind(alias, "chat", catalog);
    return new LocalLanguageModel(alias, () => chatRuntime(alias));
  };
  const relevanceScorer = (alias: string): RelevanceScorer => {
    checkKind(alias, "chat", catalog);
    return async (request) => yesNoRelevance(await chatRuntime(alias), request);
  };
  const crossEncoder = (files: CrossEncoderFiles): RelevanceScorer => {
    const key = JSON.stringify([files.model, files.tokenizer, files.maxLength, files.output]);
    return async (request) => (await load(crossEncoders, key, () => CrossEncoderRuntime.load(files, options.threads ?? freeCoreCount()))).score(request);
  };
  const embeddingRuntime = (alias: string): Promise<EmbeddingRuntime> => {
    checkKind(alias, "embedding", catalog);
    const key = findCatalogEntry(alias, catalog)?.alias ?? alias;
    return load(embeddingRuntimes, key, async () => {
      const model = await resolve(alias, "embedding");
      // The catalog's settings win over the manifest's, so a fixed prefix or limit applies without a new pull.
      const settings = findCatalogEntry(model.alias, catalog)?.embedding ?? model.embedding;
      return EmbeddingRuntime.load(model, options.threads ?? freeCoreCount(), settings);
    });
  };
  const embeddingModel = (alias: string): EmbeddingModelV4 => {
    checkKind(alias, "embedding", catalog);
    return new LocalEmbeddingModel(alias, () => embeddingRuntime(alias));
  };
  const tokenCounter = async (alias: string, inputType: EmbeddingInputType) => {
    const runtime = await embeddingRuntime(alias);
    return (text: string) => runtime.countTokens(text, inputType);
  };
  const readability = async (alias: string, texts: string[]) => (await embeddingRuntime(alias)).readability(texts);
  async function close(): Promise<void> {
    const chats = [...chatRuntimes.values()];
    const onnxRuntimes = [...embeddingRuntimes.values(), ...crossEncoders.values()];
    chatRuntimes.clear();
    embeddingRuntimes.clear();
    crossEncoders.clear();
    if (exitHookInstalled) process.off("beforeExit", onExit);
    exitHookInstalled = false;
    await Promise.allSettled([
      ...chats.map(async (runtime) => (await runtime).dispose()),
      ...onnxRuntimes.map(async (runtime) => (await runtime).close()),
    ]);
  }

  const provider = ((alias: string) => languageModel(alias)) as LocalProvider;
  Object.assign(provider, { languageModel, relevanceScorer, crossEncoder, embeddingModel, tokenCounter, readability, close, catalog });
  return provider;
}

function checkKind(alias: string, kind: PulledModel["kind"], catalog: readonly LocalCatalogEntry[]): void {
  const entry = findCatalogEntry(alias, catalog);
  if (entry !== undefined && entry.kind !== kind) throw wrongKind(alias, entry.kind);
}

function wrongKind(alias: string, actual: PulledModel["kind"]): UnknownModelError {
  return new UnknownModelError({
    modelId: `local:${alias}`,
    reason: actual === "embedding" ? "it is an embedding model, not a chat model" : "it is a chat model, not an embedding model",
    hint: actual === "embedding" ? "use it with embed()/embedMany(), or pick a chat model such as local:default" : "use it for chat, or pick an embedding model such as local:embed",
  });
}
