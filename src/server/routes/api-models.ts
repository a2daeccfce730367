import { Hono } from "hono";
import type { ServerContext } from "../server-context.js";

/** `/api/models`: the catalog, the providers, and the default model. No keys: only whether one is set. */
export function modelRoutes(server: ServerContext): Hono {
  const app = new Hono();
  app.get("/", (context) => {
    const { config, models } = server.flywheel;
    return context.json({
      defaultModel: config.defaultModel,
      defaultEmbeddingModel: config.defaultEmbeddingModel,
      providers: models.providerNames().map((name) => ({ name, keySet: keyIsSet(server, name) })),
      models: models.catalog.list(),
    });
  });
  return app;
}

function keyIsSet(server: ServerContext, provider: string): boolean | null {
  const { env, providers } = server.flywheel.config;
  const settings = Object.hasOwn(providers, provider) ? providers[provider] : undefined;
  if (settings?.apiKey !== undefined) return true;
  const variable = settings?.apiKeyEnv ?? (provider === "openai" ? "OPENAI_API_KEY" : provider === "anthropic" ? "ANTHROPIC_API_KEY" : undefined);
  return variable === undefined ? null : (env[variable] ?? "") !== "";
}
