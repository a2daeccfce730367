import { rm } from "node:fs/promises";
import { findCatalogEntry } from "./catalog.js";
import type { LocalCatalogEntry } from "./catalog-types.js";
import { readManifest } from "./manifest.js";
import { ModelNotPulledError, ModelStoreDiskError } from "./model-store-errors.js";
import { checkAlias, manifestPath, modelDirectory } from "./store-paths.js";

/**
 * Removes a model's folder from the store. The manifest goes first, so an interrupted
 * removal leaves a folder that no longer counts as pulled. Returns the canonical alias removed.
 */
export async function removeModel(home: string, alias: string, options: { catalog?: readonly LocalCatalogEntry[] } = {}): Promise<string> {
  const canonical = checkAlias(findCatalogEntry(alias, options.catalog)?.alias ?? alias);
  const manifest = await readManifest(home, canonical);
  const directory = modelDirectory(home, canonical);
  if (manifest === undefined) throw new ModelNotPulledError({ alias: canonical });
  try {
    await rm(manifestPath(home, canonical), { force: true });
    await rm(directory, { recursive: true, force: true });
  } catch (error) {
    throw new ModelStoreDiskError({ path: directory, action: "remove", cause: error });
  }
  return canonical;
}
