// Flywheel's public API: everything the CLI does, code can do with one import.
export * from "./errors/index.js";
export { registerSecret, redactSecrets } from "./secrets/index.js";
export * from "./config/index.js";
export * from "./store/index.js";
export * from "./traces/index.js";
export * from "./models/index.js";
export * from "./runtime/index.js";
export * from "./prompts/index.js";
export * from "./datasets/index.js";
export * from "./server/index.js";
export * from "./agents/index.js";
export * from "./rag/index.js";
export * from "./models/local/index.js";
export {
  pullModel,
  listModels,
  removeModel,
  resolveModel,
  catalogAliases,
  PipMissingError,
  PackageRegistryError,
  ModelHashMismatchError,
  ModelNotPulledError,
  ModelDownloadError,
  ModelStoreDiskError,
  UnsupportedModelSourceError,
} from "./models/model-store/index.js";
export type { PullModelOptions, PullProgress, PullPhase, PulledModel, ModelManifest } from "./models/model-store/index.js";
export * from "./evals/index.js";
export * from "./radar/index.js";
export * from "./experiments/index.js";
export * from "./redteam/index.js";
export * from "./finetune/index.js";
export * from "./jobs/index.js";
