import { Hono } from "hono";
import { z } from "zod";
import { experimentReportOf, listExperiments, shipExperiment } from "../../experiments/index.js";
import type { ServerContext } from "../server-context.js";
import { validateBody } from "../validate-body.js";

const shipBody = z.object({ variant: z.string().min(1).max(200) }).strict();

/** `/api/experiments`: declared and stored experiments, one experiment's report, and shipping a winner. */
export function experimentRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const { config, store } = server.flywheel;

  app.get("/", async (context) => context.json(await listExperiments({ config, store })));

  app.get("/:name", async (context) => context.json(await experimentReportOf({ config, store }, context.req.param("name"), Date.now())));

  app.post("/:name/ship", async (context) => {
    const { variant } = await validateBody(context, shipBody);
    const name = context.req.param("name");
    await shipExperiment({ config, store }, name, variant, Date.now());
    return context.json(await experimentReportOf({ config, store }, name, Date.now()));
  });

  return app;
}
