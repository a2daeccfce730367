// Config: flywheel.config.(ts|yaml) plus environment, validated with zod into one
// resolved FlywheelConfig that every layer reads. Every default lives in the schemas here.
export { durationMs, DURATION_PATTERN } from "./duration-ms.js";
export { loadConfig, defineConfig, CONFIG_FILE_NAMES } from "./load-config.js";
export type { FlywheelConfig, FlywheelEnvironment, LoadConfigOptions } from "./load-config.js";
export { configFileSchema, providerConfigSchema, catalogEntrySchema, datasetsConfigSchema, ragConfigSchema } from "./schema.js";
export type { ConfigFile, ConfigWithDefaults, ProviderConfig, CatalogEntryConfig } from "./schema.js";
export {
  agentsConfigSchema,
  agentBudgetsSchema,
  fileToolsSettingsSchema,
  httpGetSettingsSchema,
  searchCollectionSettingsSchema,
  runJsSettingsSchema,
  mcpStdioServerSchema,
  mcpHttpServerSchema,
} from "./agents-schema.js";
export type { AgentsConfig, McpServerConfig } from "./agents-schema.js";
export { radarConfigSchema } from "./radar-schema.js";
export type { RadarConfig } from "./radar-schema.js";
export { promptsConfigSchema, onlineCheckSchema } from "./prompts-schema.js";
export { redteamConfigSchema } from "./redteam-schema.js";
export type { RedteamConfig } from "./redteam-schema.js";
export type { PromptsConfig, OnlineCheckSpec } from "./prompts-schema.js";
export { experimentsConfigSchema, experimentSchema, experimentVariantSchema, experimentGuardrailSchema, EXPERIMENT_METRIC_PATTERN } from "./experiments-schema.js";
export type { ExperimentConfig } from "./experiments-schema.js";
