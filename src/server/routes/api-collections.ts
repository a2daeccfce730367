import { Hono } from "hono";
import { z } from "zod";
import type { CollectionsBackend } from "../backends/collections-backend.js";
import { FlywheelError } from "../../errors/index.js";
import type { ServerContext } from "../server-context.js";
import { validateQuery } from "../validate-body.js";

const searchQuery = z
  .object({
    query: z.string().min(1).max(10_000),
    mode: z.enum(["vector", "bm25", "hybrid"]).optional(),
    k: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict();

/** `/api/collections`: retrieval collections with their ingest status, and search with a mode switch. */
export function collectionRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const backend = (): CollectionsBackend => {
    if (server.collections === undefined) {
      throw new FlywheelError({ code: "not-implemented", message: "collections are not available in this build of the workbench", hint: "ingest and search with the RAG library; this page shows them once it is installed" });
    }
    return server.collections;
  };

  app.get("/", async (context) => context.json({ collections: await backend().list() }));

  app.get("/:name/search", async (context) => {
    const query = validateQuery(context, searchQuery);
    const started = performance.now();
    const result = await backend().search({ collection: context.req.param("name"), query: query.query, mode: query.mode, k: query.k, signal: context.req.raw.signal });
    return context.json({ ...result, tookMs: performance.now() - started });
  });

  return app;
}
