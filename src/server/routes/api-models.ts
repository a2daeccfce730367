import { Hono } from "hono";
import { resolveProviderCredentials } from "../../models/index.js";
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
  // Own properties only: a provider named `__proto__` must not reach Object.prototype.
  return resolveProviderCredentials(provider, (Object.hasOwn(providers, provider) ? providers[provider] : undefined) ?? {}, env).keySet();
}
