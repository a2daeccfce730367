import type { CatalogEntryConfig } from "../../config/index.js";
import { parseModelId } from "../model-id.js";
import { hostedCatalog } from "./hosted-catalog.js";
import type { ModelInfo } from "./model-info.js";

/** Looks up what is known about a model id. */
export interface Catalog {
  /** Facts about the model; unknown models get an entry with `source: "unknown"`. */
  get(modelId: string): ModelInfo;
  /** Every model the catalog knows, sorted by id. */
  list(): ModelInfo[];
}

/** Options for `createCatalog`. */
export interface CreateCatalogOptions {
  /** Entries from the config file, by model id; they override built-in facts field by field. */
  overrides?: Record<string, CatalogEntryConfig>;
  /** Entries contributed by providers (e.g. the embedded models). */
  providerEntries?: ModelInfo[];
}

/** Builds the catalog from the built-in list, provider entries and config overrides. */
export function createCatalog(options: CreateCatalogOptions = {}): Catalog {
  const byId = new Map<string, ModelInfo>();
  for (const info of [...hostedCatalog, ...(options.providerEntries ?? [])]) byId.set(info.id, info);
  for (const [id, override] of Object.entries(options.overrides ?? {})) {
    const base = byId.get(id) ?? unknownModel(id);
    byId.set(id, {
      ...base,
      type: override.capabilities?.embeddings === true ? "embedding" : base.type,
      contextWindow: override.contextWindow ?? base.contextWindow,
      maxOutputTokens: override.maxOutputTokens ?? base.maxOutputTokens,
      capabilities: {
        tools: override.capabilities?.tools ?? base.capabilities.tools,
        json: override.capabilities?.json ?? base.capabilities.json,
        vision: override.capabilities?.vision ?? base.capabilities.vision,
      },
      price: override.price ?? base.price,
      source: "config",
    });
  }
  return {
    get: (modelId) => byId.get(parseModelId(modelId).id) ?? unknownModel(parseModelId(modelId).id),
    list: () => [...byId.values()].sort((a, b) => a.id.localeCompare(b.id)),
  };
}

function unknownModel(id: string): ModelInfo {
  const { provider } = parseModelId(id);
  return { id, provider, type: "chat", capabilities: { tools: true, json: true, vision: false }, source: "unknown" };
}
