// Embedded local models: an AI SDK provider (`local:<alias>`) that runs GGUF chat models with
// node-llama-cpp and ONNX sentence-embedding models with onnxruntime in-process, pulling and
// verifying weights through the model store on first use.
export { createLocalProvider } from "./local-provider.js";
export type { LocalProvider, LocalProviderOptions } from "./local-provider.js";
export { LocalLanguageModel } from "./local-language-model.js";
export { LocalEmbeddingModel } from "./local-embedding-model.js";
export type { EmbeddingInputType } from "./embedding-runtime.js";
export { localChatOptionsSchema, localEmbeddingOptionsSchema } from "./provider-options.js";
export type { LocalChatOptions, LocalEmbeddingOptions } from "./provider-options.js";
export { freeCoreCount } from "./thread-count.js";
export { localProviderHandle } from "./local-provider-handle.js";
export type { LocalProviderHandleOptions } from "./local-provider-handle.js";
export { localCatalog, findCatalogEntry } from "../model-store/index.js";
export type { LocalCatalogEntry } from "../model-store/index.js";
export { storedModelInfos } from "./local-provider-handle.js";
