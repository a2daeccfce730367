import path from "node:path";
import type { ModelManifest } from "./manifest.js";
import type { PulledModel } from "./pull-types.js";
import { modelDirectory } from "./store-paths.js";

/** A manifest with the absolute paths a runtime needs. */
export function toPulledModel(home: string, manifest: ModelManifest, fetched: boolean): PulledModel {
  const directory = modelDirectory(home, manifest.alias);
  return { ...manifest, directory, mainPath: path.join(directory, manifest.mainFile), fetched };
}
