import type { SpanContext } from "@opentelemetry/api";
import { embedMany } from "ai";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { toFlywheelError } from "../../errors/index.js";
import { redactSecrets } from "../../secrets/index.js";
import { withTraceLabels } from "../../traces/index.js";
import { errorResponse } from "../error-response.js";
import { chatCompletionRequestSchema, contentText, GATEWAY_REFERENCE_PATTERN, requestTraceLabels, toCallOptions } from "../openai/chat-request.js";
import { completionBody, createChunker } from "../openai/chat-response.js";
import { resolveGatewayModel } from "../openai/resolve-gateway-model.js";
import { requirePulledModel } from "../require-pulled-model.js";
import type { ServerContext } from "../server-context.js";
import { validateBody } from "../validate-body.js";

const embeddingRequestSchema = z
  .object({
    model: z.string().min(1),
    input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
    encoding_format: z.literal("float").optional(),
    dimensions: z.number().int().positive().optional(),
    user: z.string().optional(),
  })
  .strict();

/**
 * OpenAI-compatible `/v1` routes over the registry: any OpenAI client pointed here uses
 * Flywheel's models (`model` is a registry id such as `local:default`, a prompt file's version
 * `prompt:<name>[@hash]` or an experiment `experiment:<name>`), traced as usual, with the trace
 * labelled from the request's `metadata` (tags, prompt, conversation_id); every chat answer
 * names its trace in `x-flywheel-trace-id`.
 */
export function openaiCompatibleRoutes(server: ServerContext): Hono {
  const app = new Hono();
  const resolve = (model: string) => (model === "default" ? server.flywheel.config.defaultModel : model);

  app.post("/chat/completions", async (context) => {
    const given = await validateBody(context, chatCompletionRequestSchema);
    const routed = GATEWAY_REFERENCE_PATTERN.test(given.model) ? await resolveGatewayModel(server.flywheel, given, (name) => context.req.header(name)) : undefined;
    const request = routed?.request ?? given;
    const modelId = routed?.modelId ?? resolve(request.model);
    await requirePulledModel(server.flywheel, modelId);
    const model = server.flywheel.model(modelId);
    const options = toCallOptions(request, context.req.raw.signal);
    const labels = routed?.labels ?? requestTraceLabels(request);
    for (const [name, value] of Object.entries(routed?.headers ?? {})) context.header(name, value);
    // The model's span is the trace's root: its trace id lets the client post feedback.
    let root: SpanContext | undefined;
    const onLabelled = (span: SpanContext) => {
      root = span;
      context.header("x-flywheel-trace-id", span.traceId);
    };
    const started = performance.now();
    // A prompt file's online checks run on the answer once it has been sent, never in its way.
    const check = (output: string) => {
      if (routed?.prompt === undefined || root === undefined) return;
      const { prompt } = routed;
      server.flywheel.checks.schedule({
        traceId: root.traceId,
        spanId: root.spanId,
        prompt: { name: prompt.name, hash: prompt.hash, file: prompt.file, checks: prompt.checks },
        vars: request.variables ?? {},
        input: contentText(request.messages.findLast((message) => message.role === "user")?.content),
        output,
        latencyMs: performance.now() - started,
      });
    };
    if (request.stream !== true) {
      const result = await withTraceLabels(labels, () => model.doGenerate(options), { onLabelled });
      const response = context.json(completionBody({ model: modelId, content: result.content, finishReason: result.finishReason, usage: result.usage }));
      check(result.content.map((part) => (part.type === "text" ? part.text : "")).join(""));
      return response;
    }
    // Errors before the first chunk (bad model, provider down) still get a proper HTTP status.
    const result = await withTraceLabels(labels, () => model.doStream(options), { onLabelled });
    const chunker = createChunker(modelId, request.stream_options?.include_usage === true);
    return streamSSE(context, async (stream) => {
      const send = (chunk: unknown) => stream.writeSSE({ data: JSON.stringify(chunk) });
      const reader = result.stream.getReader();
      let text = "";
      let finished = false;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (value.type === "error") throw value.error;
          if (value.type === "text-delta") text += value.delta;
          for (const chunk of chunker.toChunks(value)) await send(chunk);
        }
        for (const chunk of chunker.flush()) await send(chunk);
        finished = true;
      } catch (error) {
        // A failure after the first chunk cannot change the status: say so in the stream, as OpenAI does.
        for (const chunk of chunker.flush()) await send(chunk);
        const failure = toFlywheelError(error);
        await send({ error: { message: redactSecrets(failure.message), type: "server_error", code: failure.code } });
      } finally {
        reader.releaseLock();
      }
      await stream.writeSSE({ data: "[DONE]" });
      if (finished) check(text);
    });
  });

  app.post("/embeddings", async (context) => {
    const request = await validateBody(context, embeddingRequestSchema);
    const modelId = resolve(request.model);
    await requirePulledModel(server.flywheel, modelId);
    const values = typeof request.input === "string" ? [request.input] : request.input;
    const result = await embedMany({ model: server.flywheel.embeddingModel(modelId), values, maxRetries: 0, abortSignal: context.req.raw.signal });
    const tokens = result.usage.tokens ?? 0;
    return context.json({
      object: "list",
      model: modelId,
      data: result.embeddings.map((embedding, index) => ({ object: "embedding", index, embedding })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  });

  app.get("/models", (context) =>
    context.json({
      object: "list",
      data: server.flywheel.models.catalog.list().map((info) => ({ id: info.id, object: "model", created: 0, owned_by: info.provider })),
    }),
  );

  app.onError((error, context) => errorResponse(context, error));
  return app;
}
