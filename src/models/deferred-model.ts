import type { EmbeddingModelV4, LanguageModelV4 } from "@ai-sdk/provider";

/** What a deferred model says about itself before it has loaded. */
export interface DeferredModelIdentity {
  /** Provider name, as the loaded model will report it. */
  provider: string;
  /** The provider's own model name. */
  modelId: string;
}

// The AI SDK reads this from an embedding model and awaits it (OpenAI sets ~300 KB a call).
const maxInputBytesPerCall = Symbol.for("vercel.ai.embeddingModel.maxInputBytesPerCall");

/** A promise whose rejection counts as handled: a property read that nobody awaits must not end the process. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** Loads once, on first use; a failed load is tried again by the next call. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/**
 * A chat model whose implementation (and the modules behind it: the AI SDK, a provider's
 * client) loads on its first call, so that building a model costs nothing for a command
 * that never calls it.
 */
export function deferredLanguageModel(identity: DeferredModelIdentity, load: () => Promise<LanguageModelV4>): LanguageModelV4 {
  const model = once(load);
  return {
    specificationVersion: "v4",
    provider: identity.provider,
    modelId: identity.modelId,
    get supportedUrls() {
      return quiet(model().then((loaded) => loaded.supportedUrls));
    },
    doGenerate: async (options) => (await model()).doGenerate(options),
    doStream: async (options) => (await model()).doStream(options),
  };
}

/** An embedding model whose implementation loads on its first call (see `deferredLanguageModel`). */
export function deferredEmbeddingModel(identity: DeferredModelIdentity, load: () => Promise<EmbeddingModelV4>): EmbeddingModelV4 {
  const model = once(load);
  return {
    specificationVersion: "v4",
    provider: identity.provider,
    modelId: identity.modelId,
    get maxEmbeddingsPerCall() {
      return quiet(model().then((loaded) => loaded.maxEmbeddingsPerCall));
    },
    get supportsParallelCalls() {
      return quiet(model().then((loaded) => loaded.supportsParallelCalls));
    },
    get [maxInputBytesPerCall]() {
      return quiet(model().then((loaded) => (loaded as { [maxInputBytesPerCall]?: unknown })[maxInputBytesPerCall]));
    },
    doEmbed: async (options) => (await model()).doEmbed(options),
  } as EmbeddingModelV4;
}
