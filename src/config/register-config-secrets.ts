import { registerHeaderSecrets, registerSecret } from "../secrets/index.js";
import { postgresPassword } from "../store/postgres/postgres-url.js";
import type { ConfigWithDefaults } from "./schema.js";

/** Environment variables that hold credentials Flywheel may send (model APIs, Hugging Face). */
const secretVariables = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "HF_TOKEN"];

/**
 * Registers every secret the config and environment give Flywheel, as soon as they are
 * loaded, so that it is redacted at every sink before any of it is used: API keys of the
 * providers (in config or in the variable named by `apiKeyEnv`), the values of configured
 * headers (providers, the OTLP collector, MCP servers over HTTP) and the environment
 * variables given to MCP servers started as processes, and the password of a PostgreSQL store.
 */
export function registerConfigSecrets(config: ConfigWithDefaults, env: Readonly<Record<string, string | undefined>>): void {
  for (const name of secretVariables) registerSecret(env[name]);
  registerSecret(postgresPassword(env.FLYWHEEL_DB || config.store.url) || undefined);
  for (const provider of Object.values(config.providers)) {
    registerSecret(provider.apiKey);
    if (provider.apiKeyEnv !== undefined) registerSecret(env[provider.apiKeyEnv]);
    registerHeaderSecrets(provider.headers, env);
  }
  registerHeaderSecrets(config.traces.otlp?.headers, env);
  for (const server of Object.values(config.agents.mcpServers)) {
    if ("url" in server) registerHeaderSecrets(server.headers, env);
    else for (const value of Object.values(server.env ?? {})) registerSecret(value);
  }
}
