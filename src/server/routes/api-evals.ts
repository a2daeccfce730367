import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Hono } from "hono";
import { stringify as stringifyYaml } from "yaml";
import { z } from "zod";
import type { EvalsBackend } from "../backends/evals-backend.js";
import { FlywheelError } from "../../errors/index.js";
import { fileInside, promptParameterFields, savedNameSchema, writePromptFile } from "../prompt-file-writer.js";
import { checkModelId } from "../check-model-id.js";
import type { ServerContext } from "../server-context.js";
import { validateBody, validateQuery } from "../validate-body.js";

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() }).strict();
const compareQuery = z.object({ a: z.string().min(1).max(200), b: z.string().min(1).max(200) }).strict();

// A `file://` value would make the suite read that file into the prompt when it runs.
const varValue = z
  .string()
  .max(100_000)
  .refine((value) => !/^\s*file:/i.test(value), "a file reference; the workbench writes values, not file:// references");

const suiteBody = z
  .object({
    name: savedNameSchema,
    prompt: z.string().min(1).max(200_000),
    ...promptParameterFields,
    models: z.array(z.string().min(3).max(200)).min(1).max(6),
    tests: z
      .array(z.object({ description: z.string().max(1000).optional(), vars: z.record(z.string().max(200), varValue) }).strict())
      .max(1000)
      .optional(),
  })
  .strict();

/**
 * `/api/evals`: stored runs (list, matrix, comparison of two runs) through the evals
 * backend, and `POST /suites`, which turns a playground prompt into an eval suite file that
 * names only registry models and plain values, never code or files to read.
 */
export function evalRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const backend = (): EvalsBackend => {
    if (server.evals === undefined) {
      throw new FlywheelError({ code: "not-implemented", message: "eval runs are not available in this build of the workbench", hint: "run suites with the evals library; this page shows them once it is installed" });
    }
    return server.evals;
  };

  app.get("/runs", async (context) => {
    const query = validateQuery(context, listQuery);
    return context.json({ runs: await backend().listRuns({ limit: query.limit ?? 100 }) });
  });

  app.get("/runs/:id", async (context) => {
    const run = await backend().getRun(context.req.param("id"));
    if (run === undefined) throw new FlywheelError({ code: "not-found", message: `no eval run "${context.req.param("id")}"`, hint: "pick a run from the Evals page" });
    return context.json(run);
  });

  app.get("/compare", async (context) => {
    const query = validateQuery(context, compareQuery);
    const comparison = await backend().compareRuns(query);
    if (comparison === undefined) throw new FlywheelError({ code: "not-found", message: `no eval run "${query.a}" or "${query.b}"`, hint: "pick two runs from the Evals page" });
    return context.json(comparison);
  });

  app.post("/suites", async (context) => {
    const body = await validateBody(context, suiteBody);
    body.models.forEach((id, position) => checkModelId(server.flywheel, id, `models.${position}`));
    const promptFile = await writePromptFile(server.promptsDirectory, { ...body, model: body.models[0] });
    const suiteFile = fileInside(server.evalsDirectory, body.name, ".yaml");
    const parameters = Object.fromEntries(Object.entries({ temperature: body.temperature, maxTokens: body.maxTokens, topP: body.topP, seed: body.seed }).filter(([, value]) => value !== undefined));
    const suite = {
      description: `${body.name}: saved from the workbench playground`,
      prompts: [`file://${path.relative(server.evalsDirectory, promptFile).split(path.sep).join("/")}`],
      providers: body.models.map((id) => (Object.keys(parameters).length === 0 ? id : { id, config: parameters })),
      tests: (body.tests ?? [{ vars: {} }]).map((test) => ({ ...(test.description === undefined ? {} : { description: test.description }), vars: test.vars })),
    };
    await mkdir(server.evalsDirectory, { recursive: true });
    await writeFile(suiteFile, `# Eval suite written by the Flywheel workbench. Add assertions under each test's assert:.\n${stringifyYaml(suite)}`);
    const cwd = server.flywheel.config.cwd;
    return context.json({ suiteFile: path.relative(cwd, suiteFile), promptFile: path.relative(cwd, promptFile) }, 201);
  });

  return app;
}
