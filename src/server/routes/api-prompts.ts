import { Hono } from "hono";
import { promptSummaries, resolvePromptReference, UnknownPromptError } from "../../prompts/index.js";
import type { ServerContext } from "../server-context.js";

/**
 * `/api/prompts`: every prompt with its versions (by content hash) and their live metrics and
 * eval scores; one prompt; one version's text.
 */
export function promptRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const { flywheel } = server;

  app.get("/", async (context) => context.json(await promptSummaries(flywheel)));

  app.get("/:name", async (context) => {
    const name = context.req.param("name");
    const summary = (await promptSummaries(flywheel, name))[0];
    if (summary === undefined) throw new UnknownPromptError({ reference: name, reason: "no prompt file and no version in use by that name", hint: "list prompts with GET /api/prompts" });
    return context.json(summary);
  });

  app.get("/:name/versions/:hash", async (context) => {
    const version = await resolvePromptReference(flywheel, `${context.req.param("name")}@${context.req.param("hash")}`);
    return context.json({ name: version.name, hash: version.hash, file: version.file ?? null, source: version.source });
  });

  return app;
}
