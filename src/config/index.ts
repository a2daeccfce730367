// Config: flywheel.config.(ts|yaml) plus environment, validated with zod into one
// resolved FlywheelConfig that every layer reads.
export { loadConfig, defineConfig, CONFIG_FILE_NAMES } from "./load-config.js";
export type { FlywheelConfig, FlywheelEnvironment, LoadConfigOptions } from "./load-config.js";
export { configFileSchema, providerConfigSchema, catalogEntrySchema } from "./schema.js";
export type { ConfigFile, ProviderConfig, CatalogEntryConfig } from "./schema.js";
export { agentsConfigSchema, agentBudgetsSchema, mcpStdioServerSchema, mcpHttpServerSchema } from "./agents-schema.js";
export type { AgentsConfig, McpServerConfig } from "./agents-schema.js";
