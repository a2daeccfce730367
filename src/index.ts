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
export * from "./evals/index.js";
export * from "./rag/index.js";
