// Catalog: context window, capabilities and price per model, so every call reports cost.
export { createCatalog } from "./catalog.js";
export type { Catalog, CreateCatalogOptions } from "./catalog.js";
export { costOf } from "./model-info.js";
export type { ModelInfo, TokenUsage } from "./model-info.js";
export { hostedCatalog } from "./hosted-catalog.js";
