import type { LanguageModelV4CallOptions, LanguageModelV4Message, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { z } from "zod";
import { FlywheelError } from "../../errors/index.js";
import type { TraceLabels } from "../../traces/index.js";

const text = z.string();
const contentPart = z.union([
  z.object({ type: z.literal("text"), text }).strict(),
  z.object({ type: z.literal("image_url"), image_url: z.object({ url: z.string().refine((url) => URL.canParse(url), "not a URL (send an https: or data: URL)"), detail: z.string().optional() }).strict() }).strict(),
]);
const content = z.union([text, z.array(contentPart)]);
const toolCall = z
  .object({ id: z.string(), type: z.literal("function"), function: z.object({ name: z.string(), arguments: z.string() }).strict() })
  .strict();

const message = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content, name: z.string().optional() }).strict(),
  z.object({ role: z.literal("user"), content, name: z.string().optional() }).strict(),
  z
    .object({
      role: z.literal("assistant"),
      content: z.union([content, z.null()]).optional(),
      tool_calls: z.array(toolCall).optional(),
      name: z.string().optional(),
      refusal: z.string().nullable().optional(),
    })
    .strict(),
  z.object({ role: z.literal("tool"), content, tool_call_id: z.string() }).strict(),
]);

/** A `model` that Flywheel resolves itself: `prompt:<name>[@hash]` (a prompt file's version) or `experiment:<name>` (an experiment's variant). */
export const GATEWAY_REFERENCE_PATTERN = /^(prompt|experiment):/;

/**
 * The OpenAI chat-completions request fields Flywheel understands; any other field is refused
 * with a 400 that names it. One extension: `variables`, the values of a `prompt:` or
 * `experiment:` model's prompt file, which renders the first messages itself (so `messages`
 * may then be empty).
 */
export const chatCompletionRequestSchema = z
  .object({
    model: z.string().min(1),
    messages: z.array(message),
    variables: z.record(z.string(), z.unknown()).optional(),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).strict().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    stop: z.union([z.string(), z.array(z.string()).max(16)]).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    presence_penalty: z.number().nullable().optional(),
    frequency_penalty: z.number().nullable().optional(),
    n: z.literal(1).nullable().optional(),
    user: z.string().optional(),
    tools: z
      .array(
        z
          .object({
            type: z.literal("function"),
            function: z.object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }).strict(),
          })
          .strict(),
      )
      .optional(),
    tool_choice: z
      .union([z.enum(["auto", "none", "required"]), z.object({ type: z.literal("function"), function: z.object({ name: z.string() }).strict() }).strict()])
      .optional(),
    parallel_tool_calls: z.boolean().optional(),
    response_format: z
      .union([
        z.object({ type: z.literal("text") }).strict(),
        z.object({ type: z.literal("json_object") }).strict(),
        z
          .object({
            type: z.literal("json_schema"),
            json_schema: z.object({ name: z.string(), description: z.string().optional(), schema: z.record(z.string(), z.unknown()).optional(), strict: z.boolean().nullable().optional() }).strict(),
          })
          .strict(),
      ])
      .optional(),
    metadata: z.record(z.string(), z.string()).optional(),
    store: z.boolean().optional(),
    logprobs: z.literal(false).nullable().optional(),
  })
  .strict()
  .superRefine((request, context) => {
    if (GATEWAY_REFERENCE_PATTERN.test(request.model)) return;
    if (request.messages.length === 0) context.addIssue({ code: "custom", path: ["messages"], message: "send at least one message" });
    if (request.variables !== undefined) context.addIssue({ code: "custom", path: ["variables"], message: "only a prompt: or experiment: model takes variables" });
  });

/** A validated chat-completions request. */
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/**
 * The trace's labels from the request's `metadata` (OpenAI's map of strings): `tags`
 * (comma-separated), `prompt` (the prompt's name) and `conversation_id`. Other keys are
 * ignored.
 */
export function requestTraceLabels(request: ChatCompletionRequest): TraceLabels {
  const metadata = request.metadata ?? {};
  return {
    tags: metadata.tags
      ?.split(",")
      .map((tag) => tag.trim())
      .filter((tag) => tag !== ""),
    promptName: metadata.prompt,
    conversationId: metadata.conversation_id,
  };
}

/** A message's content as text: its text parts joined (images left out). */
export function contentText(value: z.infer<typeof content> | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return value.map((part) => (part.type === "text" ? part.text : "")).join("");
}

/** Converts the request to AI SDK call options for the registry model. */
export function toCallOptions(request: ChatCompletionRequest, abortSignal: AbortSignal): LanguageModelV4CallOptions {
  const toolNames = new Map<string, string>();
  const prompt: LanguageModelV4Prompt = request.messages.map((entry): LanguageModelV4Message => {
    switch (entry.role) {
      case "system":
      case "developer":
        return { role: "system", content: contentText(entry.content) };
      case "user": {
        const parts =
          typeof entry.content === "string"
            ? [{ type: "text" as const, text: entry.content }]
            : entry.content.map((part) =>
                part.type === "text"
                  ? { type: "text" as const, text: part.text }
                  : { type: "file" as const, mediaType: "image/*", data: { type: "url" as const, url: new URL(part.image_url.url) } },
              );
        return { role: "user", content: parts };
      }
      case "assistant": {
        const calls = (entry.tool_calls ?? []).map((call) => {
          toolNames.set(call.id, call.function.name);
          return { type: "tool-call" as const, toolCallId: call.id, toolName: call.function.name, input: parseArguments(call.function.arguments) };
        });
        const said = contentText(entry.content);
        return { role: "assistant", content: [...(said === "" ? [] : [{ type: "text" as const, text: said }]), ...calls] };
      }
      case "tool":
        return {
          role: "tool",
          content: [{ type: "tool-result", toolCallId: entry.tool_call_id, toolName: toolNames.get(entry.tool_call_id) ?? "tool", output: { type: "text", value: contentText(entry.content) } }],
        };
    }
  });
  const stop = request.stop ?? undefined;
  const format = request.response_format;
  return {
    prompt,
    abortSignal,
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    stopSequences: stop === undefined ? undefined : Array.isArray(stop) ? stop : [stop],
    seed: request.seed ?? undefined,
    presencePenalty: request.presence_penalty ?? undefined,
    frequencyPenalty: request.frequency_penalty ?? undefined,
    tools: request.tools?.map((tool) => ({
      type: "function" as const,
      name: tool.function.name,
      description: tool.function.description,
      inputSchema: (tool.function.parameters ?? { type: "object", properties: {} }) as never,
    })),
    toolChoice:
      request.tool_choice === undefined
        ? undefined
        : typeof request.tool_choice === "string"
          ? { type: request.tool_choice }
          : { type: "tool", toolName: request.tool_choice.function.name },
    responseFormat:
      format === undefined || format.type === "text"
        ? undefined
        : format.type === "json_object"
          ? { type: "json" }
          : { type: "json", schema: format.json_schema.schema as never, name: format.json_schema.name, description: format.json_schema.description },
  };
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FlywheelError({ code: "invalid-request", message: "messages: a tool call's arguments are not valid JSON" });
  }
}
