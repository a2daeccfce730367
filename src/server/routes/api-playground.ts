import path from "node:path";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { loadPromptFile, recordPromptVersion, runPrompt } from "../../prompts/index.js";
import { toFlywheelError } from "../../errors/index.js";
import { createStreamRedactor, redactSecrets } from "../../secrets/index.js";
import { promptParameterFields, savedNameSchema, writePromptFile } from "../prompt-file-writer.js";
import { checkModelId } from "../check-model-id.js";
import { requirePulledModel } from "../require-pulled-model.js";
import type { ServerContext } from "../server-context.js";
import { validateBody } from "../validate-body.js";

const parameters = promptParameterFields;

const runBody = z
  .object({
    models: z.array(z.string().min(3).max(200)).min(1).max(6),
    prompt: z.string().min(1).max(200_000),
    ...parameters,
  })
  .strict();

const saveBody = z
  .object({
    name: savedNameSchema,
    model: z.string().min(3).max(200).optional(),
    prompt: z.string().min(1).max(200_000),
    ...parameters,
  })
  .strict();

/**
 * `/api/playground`: run one prompt on several models side by side, streamed as
 * server-sent events (`text-delta`, `run-finish`, `run-error` per model), and save a
 * prompt as a `*.prompt.md` file.
 */
export function playgroundRoutes(server: ServerContext): Hono {
  const app = new Hono();

  app.post("/run", async (context) => {
    const body = await validateBody(context, runBody);
    for (const [position, model] of body.models.entries()) {
      checkModelId(server.flywheel, model, `models.${position}`);
      await requirePulledModel(server.flywheel, model);
    }
    const signal = context.req.raw.signal;
    return streamSSE(context, async (stream) => {
      const write = (event: string, data: unknown) => stream.writeSSE({ event, data: JSON.stringify(data) });
      await Promise.all(
        body.models.map(async (model, index) => {
          // The model may echo a secret it was shown: redact its text before it reaches the page.
          const redactor = createStreamRedactor();
          const sendText = (delta: string) => {
            if (delta !== "") void write("text-delta", { index, model, delta });
          };
          try {
            const result = await runPrompt(server.flywheel, {
              model,
              prompt: body.prompt,
              system: body.system,
              temperature: body.temperature,
              maxTokens: body.maxTokens,
              topP: body.topP,
              seed: body.seed,
              abortSignal: signal,
              spanName: "playground",
              onText: (delta) => sendText(redactor.push(delta)),
            });
            sendText(redactor.flush());
            await write("run-finish", { index, model, usage: result.usage, costUsd: result.costUsd, latencyMs: result.latencyMs, traceId: result.traceId, finishReason: result.finishReason });
          } catch (error) {
            sendText(redactor.flush());
            const failure = toFlywheelError(error);
            await write("run-error", { index, model, message: redactSecrets(failure.message), hint: failure.hint });
          }
        }),
      );
      await write("done", {});
    });
  });

  app.post("/save", async (context) => {
    const body = await validateBody(context, saveBody);
    if (body.model !== undefined) checkModelId(server.flywheel, body.model, "model");
    const file = await writePromptFile(server.promptsDirectory, body);
    const saved = await loadPromptFile(file);
    await recordPromptVersion(server.flywheel.store, saved);
    return context.json({ file: path.relative(server.flywheel.config.cwd, file), name: saved.name, hash: saved.hash }, 201);
  });

  return app;
}
