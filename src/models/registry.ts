import type { EmbeddingModelV4, LanguageModelV4 } from "@ai-sdk/provider";
import type { Tracer } from "@opentelemetry/api";
import type { FlywheelConfig, ProviderConfig } from "../config/index.js";
import { UnknownModelError, UnknownProviderError } from "../errors/index.js";
import type { CacheStore } from "../store/index.js";
import { createCatalog } from "./catalog/index.js";
import type { Catalog, ModelInfo } from "./catalog/index.js";
import { cacheMiddleware } from "./middleware/cache.js";
import { callBudgetMiddleware } from "./middleware/call-budget.js";
import { contextGuardMiddleware } from "./middleware/context-guard.js";
import { embeddingMiddleware } from "./middleware/embedding.js";
import { reliabilityMiddleware } from "./middleware/reliability.js";
import { tracingMiddleware } from "./middleware/tracing.js";
import { usageGuardMiddleware } from "./middleware/usage-guard.js";
import { deferredEmbeddingModel, deferredLanguageModel } from "./deferred-model.js";
import { parseModelId } from "./model-id.js";
import type { TextReadability } from "./text-readability.js";
import type { RelevanceScorer } from "./relevance-scorer.js";
import type { CrossEncoderFiles } from "./local/cross-encoder-runtime.js";
import { anthropicProvider, ollamaProvider, openaiCompatibleProvider, openaiProvider } from "./providers/hosted-providers.js";
import { providerKind } from "./providers/provider-credentials.js";
import type { ProviderHandle, ProviderSettings } from "./providers/provider-handle.js";

/** Resolves model ids to AI SDK models wrapped with tracing, cost, cache, timeouts and retries. */
export interface ModelRegistry {
  /** Known facts about models, for cost and context checks. */
  readonly catalog: Catalog;
  /** A chat model for `provider:model`, ready for `generateText`/`streamText`. */
  languageModel(modelId: string): LanguageModelV4;
  /** An embedding model for `provider:model`, ready for `embed`/`embedMany`. */
  embeddingModel(modelId: string): EmbeddingModelV4;
  /**
   * An embedding model's own token counter (special tokens and any query/document prefix included), or
   * undefined when its provider does not have the tokenizer (hosted APIs). Loads an embedded model.
   */
  tokenCounter(modelId: string, inputType: "query" | "document"): Promise<((text: string) => number) | undefined>;
  /**
   * How much of `texts` an embedding model's tokenizer can read (the share of unknown pieces, pieces
   * per word), or undefined when its provider does not have the tokenizer. Loads an embedded model.
   */
  readability(modelId: string, texts: string[]): Promise<TextReadability | undefined>;
  /**
   * Pointwise relevance from a chat model's yes/no token probabilities, or undefined when its
   * provider does not expose them (hosted APIs). Shares the loaded model with `languageModel`.
   */
  relevanceScorer(modelId: string): RelevanceScorer | undefined;
  /** A cross-encoder from the user's own ONNX graph and tokenizer, run by the embedded provider. */
  crossEncoder(files: CrossEncoderFiles): RelevanceScorer;
  /** Catalog facts about a model id. */
  info(modelId: string): ModelInfo;
  /** Provider names that model ids may use. */
  providerNames(): string[];
  /** Releases providers that hold resources (embedded models). */
  close(): Promise<void>;
}

/** Options for `createModelRegistry`. */
export interface ModelRegistryOptions {
  config: FlywheelConfig;
  /** Tracer for model spans. */
  tracer: Tracer;
  /** Store for the response cache; without one there is no cache. */
  cache?: CacheStore;
  /** Providers built elsewhere (the embedded `local` provider), by name. */
  extraProviders?: Record<string, ProviderHandle>;
  /** More catalog entries (hosted fine-tuned models, linked to their jobs). */
  extraCatalogEntries?: ModelInfo[];
}

type ProviderFactory = (settings: ProviderSettings) => ProviderHandle;

const BUILT_IN_PROVIDERS = ["openai", "anthropic", "ollama"];

const factoriesByType: Record<NonNullable<ProviderConfig["type"]>, ProviderFactory> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  ollama: ollamaProvider,
  "openai-compatible": openaiCompatibleProvider,
};

/** Builds the registry from config: built-in providers, configured servers, and extras. */
export function createModelRegistry(options: ModelRegistryOptions): ModelRegistry {
  const { config } = options;
  const handles = new Map<string, ProviderHandle>(Object.entries(options.extraProviders ?? {}));
  const names = new Set([...BUILT_IN_PROVIDERS, ...Object.keys(config.providers), ...handles.keys()]);
  const catalog = createCatalog({
    overrides: config.models,
    providerEntries: [...[...handles.values()].flatMap((handle) => handle.catalogEntries?.() ?? []), ...(options.extraCatalogEntries ?? [])],
  });

  const provider = (name: string, modelId: string): ProviderHandle => {
    const existing = handles.get(name);
    if (existing !== undefined) return existing;
    // Own properties only: a provider named `__proto__` or `constructor` must not reach Object.prototype.
    const settings = Object.hasOwn(config.providers, name) ? config.providers[name] : undefined;
    const factory = settings !== undefined || BUILT_IN_PROVIDERS.includes(name) ? factoriesByType[providerKind(name, settings ?? {})] : undefined;
    if (factory === undefined) {
      if (name === "local") {
        throw new UnknownModelError({ modelId, reason: "embedded models are not available in this setup", hint: "run through the flywheel CLI or createFlywheel(), which load them" });
      }
      throw new UnknownProviderError({ provider: name, modelId, known: [...names].sort() });
    }
    const handle = factory({ name, config: settings ?? {}, env: config.env });
    handles.set(name, handle);
    return handle;
  };

  const retryPolicy = {
    timeoutMs: config.requests.timeoutMs,
    maxRetries: config.requests.maxRetries,
    initialRetryDelayMs: config.requests.initialRetryDelayMs,
    maxTotalMs: config.requests.maxTotalMs,
  };

  // A model is built once per id: its middleware keeps no state between calls, and a gateway
  // serving many requests would otherwise rebuild the provider model and its wrappers each time.
  const languageModels = new Map<string, LanguageModelV4>();
  return {
    catalog,
    info: (modelId) => catalog.get(modelId),
    providerNames: () => [...names].sort(),
    languageModel(modelId) {
      const built = languageModels.get(modelId);
      if (built !== undefined) return built;
      const parsed = parseModelId(modelId);
      const handle = provider(parsed.provider, parsed.id);
      const info = catalog.get(parsed.id);
      const middleware = [
        tracingMiddleware({ tracer: options.tracer, info, providerModel: parsed.model, captureContent: config.traces.captureContent }),
        ...(options.cache === undefined
          ? []
          : [cacheMiddleware({ store: options.cache, modelId: parsed.id, enabledByDefault: config.cache.enabled, ttlSeconds: config.cache.ttlSeconds })]),
        callBudgetMiddleware(info),
        contextGuardMiddleware(info),
        usageGuardMiddleware(info),
        ...(handle.remote
          ? [
              reliabilityMiddleware({
                ...retryPolicy,
                streamIdleTimeoutMs: config.requests.streamIdleTimeoutMs,
                context: { modelId: parsed.id, provider: parsed.provider, baseURL: handle.baseURL, info },
              }),
            ]
          : []),
      ];
      const model = handle.languageModel(parsed.model);
      // The AI SDK's wrapper module loads with the first call, not with every command.
      const wrapped = deferredLanguageModel({ provider: parsed.provider, modelId: parsed.model }, async () =>
        (await import("ai")).wrapLanguageModel({ model, middleware, modelId: parsed.model, providerId: parsed.provider }),
      );
      languageModels.set(modelId, wrapped);
      return wrapped;
    },
    embeddingModel(modelId) {
      const parsed = parseModelId(modelId);
      const handle = provider(parsed.provider, parsed.id);
      const info = catalog.get(parsed.id);
      const middleware = embeddingMiddleware({
        tracer: options.tracer,
        info,
        providerModel: parsed.model,
        retry: handle.remote ? { ...retryPolicy, baseURL: handle.baseURL } : undefined,
      });
      const model = handle.embeddingModel(parsed.model);
      return deferredEmbeddingModel({ provider: parsed.provider, modelId: parsed.model }, async () =>
        (await import("ai")).wrapEmbeddingModel({ model, middleware, modelId: parsed.model, providerId: parsed.provider }),
      );
    },
    async tokenCounter(modelId, inputType) {
      const parsed = parseModelId(modelId);
      return provider(parsed.provider, parsed.id).tokenCounter?.(parsed.model, inputType);
    },
    async readability(modelId, texts) {
      const parsed = parseModelId(modelId);
      return provider(parsed.provider, parsed.id).readability?.(parsed.model, texts);
    },
    relevanceScorer(modelId) {
      const parsed = parseModelId(modelId);
      return provider(parsed.provider, parsed.id).relevanceScorer?.(parsed.model);
    },
    crossEncoder(files) {
      const local = provider("local", `local:${files.model}`);
      if (local.crossEncoder === undefined) throw new UnknownModelError({ modelId: files.model, reason: "cross-encoders run on the embedded provider, which is not available here", hint: "run through the flywheel CLI or createFlywheel()" });
      return local.crossEncoder(files);
    },
    async close() {
      await Promise.all([...handles.values()].map((handle) => handle.close?.()));
    },
  };
}
