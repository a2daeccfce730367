import { stat } from "node:fs/promises";
import path from "node:path";
import { UnknownModelError } from "../../errors/index.js";
import { catalogAliases, findCatalogEntry, localCatalog } from "./catalog.js";
import type { LocalCatalogEntry } from "./catalog-types.js";
import { sha256File } from "./file-hash.js";
import { readManifest, writeManifest } from "./manifest.js";
import { ModelHashMismatchError, ModelNotPulledError } from "./model-store-errors.js";
import { pullModel } from "./pull-model.js";
import type { PulledModel, PullModelOptions, PullProgress } from "./pull-types.js";
import { toPulledModel } from "./pulled-model.js";
import { checkAlias } from "./store-paths.js";

/** Options for `resolveModel`. */
export interface ResolveModelOptions {
  /** Pull the model when it is not in the store (catalog aliases only). */
  autoPull?: boolean;
  /** Progress of an automatic pull and of re-hashing a changed file. */
  onProgress?: (event: PullProgress) => void;
  /** `changed` (default) hashes a file again only when its size or modification time changed; `always` hashes every file. */
  verify?: "changed" | "always";
  signal?: AbortSignal;
  catalog?: readonly LocalCatalogEntry[];
  /** Passed to `pullModel` for an automatic pull. */
  env?: PullModelOptions["env"];
  python?: string;
}

/**
 * Finds a model in the store and checks its files: a missing file or a changed file whose
 * SHA-256 no longer matches is an error that names the file and the fix
 * (`flywheel models pull --force <alias>`). With `autoPull`, a catalog model not yet in the
 * store is pulled first.
 */
export async function resolveModel(home: string, alias: string, options: ResolveModelOptions = {}): Promise<PulledModel> {
  const catalog = options.catalog ?? localCatalog;
  const entry = findCatalogEntry(alias, catalog);
  const canonical = checkAlias(entry?.alias ?? alias);
  const manifest = await readManifest(home, canonical);
  if (manifest === undefined) {
    if (entry === undefined) {
      throw new UnknownModelError({
        modelId: `local:${alias}`,
        reason: "it is neither pulled nor in the local catalog",
        hint: `use one of ${catalogAliases(catalog).join(", ")}, or pull it first: \`flywheel models pull <source> --alias ${alias}\``,
      });
    }
    if (options.autoPull !== true) throw new ModelNotPulledError({ alias: canonical });
    return pullModel({
      home,
      source: entry.alias,
      catalog,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.python ? { python: options.python } : {}),
    });
  }
  let changed = false;
  const directory = toPulledModel(home, manifest, false).directory;
  for (const file of manifest.files) {
    const location = path.join(directory, file.name);
    const info = await stat(location).catch(() => undefined);
    if (info === undefined) throw new ModelNotPulledError({ alias: canonical, missingFile: location });
    if (options.verify !== "always" && info.size === file.size && info.mtimeMs === file.mtimeMs) continue;
    const actual = await sha256File(location, {
      ...(options.signal ? { signal: options.signal } : {}),
      onBytes: (bytesDone) => options.onProgress?.({ alias: canonical, phase: "verify", file: file.name, bytesDone, bytesTotal: info.size }),
    });
    if (actual !== file.sha256) throw new ModelHashMismatchError({ alias: canonical, file: location, expected: file.sha256, actual });
    if (info.mtimeMs !== file.mtimeMs) {
      file.mtimeMs = info.mtimeMs;
      changed = true;
    }
  }
  if (changed) await writeManifest(home, manifest);
  return toPulledModel(home, manifest, false);
}
