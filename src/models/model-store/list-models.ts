import { readdir } from "node:fs/promises";
import { readManifest } from "./manifest.js";
import { ModelStoreDiskError } from "./model-store-errors.js";
import type { PulledModel } from "./pull-types.js";
import { toPulledModel } from "./pulled-model.js";
import { modelsDirectory } from "./store-paths.js";

/** The models in the store (those with a manifest), sorted by alias. Half-pulled folders are left out. */
export async function listModels(home: string): Promise<PulledModel[]> {
  let names: string[];
  try {
    names = await readdir(modelsDirectory(home));
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return [];
    throw new ModelStoreDiskError({ path: modelsDirectory(home), action: "read", cause: error });
  }
  const models: PulledModel[] = [];
  for (const name of names.sort()) {
    if (name.startsWith(".")) continue;
    const manifest = await readManifest(home, name).catch(() => undefined);
    if (manifest !== undefined && manifest.alias === name) models.push(toPulledModel(home, manifest, false));
  }
  return models;
}
