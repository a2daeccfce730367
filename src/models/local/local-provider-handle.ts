import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ModelInfo } from "../catalog/index.js";
import { localCatalog, modelManifestSchema, modelsDirectory } from "../model-store/index.js";
import type { ModelManifest } from "../model-store/index.js";
import type { ProviderHandle } from "../providers/provider-handle.js";
import { createLocalProvider } from "./local-provider.js";
import type { LocalProviderOptions } from "./local-provider.js";

/**
 * The embedded provider as the registry sees it: `local:<alias>` models, with catalog
 * entries for the built-in local catalog and for every model in the store (pulled or
 * fine-tuned, with its origin in the notes).
 */
export function localProviderHandle(options: LocalProviderOptions): ProviderHandle {
  const provider = createLocalProvider(options);
  return {
    name: "local",
    remote: false,
    languageModel: (model) => provider.languageModel(model),
    embeddingModel: (model) => provider.embeddingModel(model),
    catalogEntries: () => localModelInfos(options.home),
    close: () => provider.close(),
  };
}

/** Catalog entries of the built-in local catalog and of the models in the store. */
export function localModelInfos(home: string): ModelInfo[] {
  const infos = new Map<string, ModelInfo>();
  for (const entry of localCatalog) {
    const info: ModelInfo = {
      id: `local:${entry.alias}`,
      provider: "local",
      type: entry.kind === "embedding" ? "embedding" : "chat",
      contextWindow: entry.contextWindow,
      capabilities: { tools: entry.capabilities.tools, json: entry.capabilities.json, vision: entry.capabilities.vision },
      price: { input: 0, output: 0 },
      source: "provider",
      notes: entry.description,
    };
    infos.set(info.id, info);
    for (const alias of entry.aliases) infos.set(`local:${alias}`, { ...info, id: `local:${alias}` });
  }
  for (const manifest of storedManifests(home)) {
    const id = `local:${manifest.alias}`;
    const known = infos.get(id);
    infos.set(id, {
      ...(known ?? { capabilities: { tools: true, json: true, vision: false }, provider: "local", source: "provider" as const }),
      id,
      provider: "local",
      type: manifest.kind === "embedding" ? "embedding" : "chat",
      ...(manifest.contextWindow === undefined ? {} : { contextWindow: manifest.contextWindow }),
      price: { input: 0, output: 0 },
      notes:
        manifest.origin === undefined
          ? (known?.notes ?? `pulled from ${manifest.source}`)
          : `fine-tuned from ${manifest.origin.baseModel} on ${manifest.origin.dataset}@${manifest.origin.datasetVersion} by job ${manifest.origin.jobId}`,
    });
  }
  return [...infos.values()];
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
