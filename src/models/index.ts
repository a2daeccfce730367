// Models: one door to every model. A registry turns `provider:model` ids into AI SDK
// models wrapped with tracing, cost, an opt-in response cache, timeouts and retries.
export { createModelRegistry } from "./registry.js";
export type { ModelRegistry, ModelRegistryOptions } from "./registry.js";
export { parseModelId } from "./model-id.js";
export { poorReadabilityShare } from "./text-readability.js";
export type { TextReadability } from "./text-readability.js";
export type { ParsedModelId } from "./model-id.js";
export { createCatalog, costOf, hostedCatalog } from "./catalog/index.js";
export type { Catalog, ModelInfo, TokenUsage } from "./catalog/index.js";
export { mapProviderError } from "./map-provider-error.js";
export { callWithRetries } from "./retry.js";
export type { RetryPolicy } from "./retry.js";
export { cacheKey } from "./middleware/cache.js";
export { ModelCallBudget } from "./middleware/model-call-budget.js";
export type { CallBudgetStop, ModelCallLimits } from "./middleware/model-call-budget.js";
export { normaliseOllamaHost, providerKind, resolveProviderCredentials } from "./providers/provider-credentials.js";
export type { ProviderCredentials, ProviderKind } from "./providers/provider-credentials.js";
export type { ProviderHandle, ProviderSettings } from "./providers/provider-handle.js";
export type { RelevanceRequest, RelevanceScorer, RelevanceScores } from "./relevance-scorer.js";
export type { CrossEncoderFiles } from "./local/cross-encoder-runtime.js";
