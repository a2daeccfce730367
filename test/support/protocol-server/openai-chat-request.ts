// Reads an OpenAI `POST /v1/chat/completions` body into the normalised request.
// Only the fields the server acts on are validated; anything else passes through.
import { z } from "zod";
import type { ParseChatResult } from "./completion-protocol.js";
import { describeIssue } from "./describe-issue.js";
import type { NormalizedMessage, NormalizedToolChoice, ResponseFormat } from "./normalized-request.js";
import { parseJsonText } from "./safe-parse-json.js";

const contentSchema = z
  .union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))])
  .nullish();

const messageSchema = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: contentSchema,
  tool_calls: z
    .array(z.looseObject({ id: z.string(), function: z.looseObject({ name: z.string(), arguments: z.string() }) }))
    .nullish(),
  tool_call_id: z.string().nullish(),
});

const jsonSchemaObject = z.record(z.string(), z.unknown());

const functionSchema = z.looseObject({ name: z.string(), description: z.string().nullish(), parameters: jsonSchemaObject.nullish() });

const bodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema),
  // OpenAI's legacy functions API: offered functions are tools, and a call is answered as `function_call`.
  functions: z.array(functionSchema).nullish(),
  function_call: z.union([z.enum(["auto", "none"]), z.looseObject({ name: z.string() })]).nullish(),
  tools: z
    .array(
      z.looseObject({
        type: z.string(),
        function: functionSchema,
      }),
    )
    .nullish(),
  tool_choice: z
    .union([z.enum(["auto", "none", "required"]), z.looseObject({ function: z.looseObject({ name: z.string() }) })])
    .nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  response_format: z
    .looseObject({
      type: z.string(),
      json_schema: z.looseObject({ name: z.string().nullish(), schema: jsonSchemaObject.nullish() }).nullish(),
    })
    .nullish(),
  max_tokens: z.number().int().nonnegative().nullish(),
  max_completion_tokens: z.number().int().nonnegative().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
});

type OpenAIMessage = z.infer<typeof messageSchema>;

/** Validates an OpenAI chat-completions body and normalises it. */
export function parseOpenAIChatRequest(body: unknown): ParseChatResult {
  const result = bodySchema.safeParse(body);
  if (!result.success) return { ok: false, message: describeIssue(result.error) };
  const value = result.data;
  const responseFormat = readResponseFormat(value.response_format);
  const stop = value.stop ?? [];
  return {
    ok: true,
    value: {
      request: {
        protocol: "openai",
        model: value.model,
        messages: value.messages.map(normalizeMessage),
        tools: [...(value.functions ?? []), ...(value.tools ?? []).filter((tool) => tool.type === "function").map((tool) => tool.function)].map((declared) => ({
          name: declared.name,
          ...(declared.description == null ? {} : { description: declared.description }),
          inputSchema: declared.parameters ?? {},
        })),
        ...(value.tool_choice == null ? {} : { toolChoice: readToolChoice(value.tool_choice) }),
        ...(value.function_call == null ? {} : { toolChoice: typeof value.function_call === "string" ? value.function_call : { toolName: value.function_call.name } }),
        stream: value.stream === true,
        ...(responseFormat === undefined ? {} : { responseFormat }),
        ...(maxTokensOf(value) === undefined ? {} : { maxTokens: maxTokensOf(value) }),
        stopSequences: typeof stop === "string" ? [stop] : stop,
        body,
      },
      structuredOutputTool: undefined,
      includeUsage: value.stream_options?.include_usage === true,
      legacyFunctions: (value.functions ?? []).length > 0,
    },
  };
}

function normalizeMessage(message: OpenAIMessage): NormalizedMessage {
  const content = textOf(message.content);
  switch (message.role) {
    case "system":
    case "developer":
      return { role: "system", content, toolCalls: [] };
    case "tool":
    case "function":
      return { role: "tool", content, toolCalls: [], ...(message.tool_call_id == null ? {} : { toolCallId: message.tool_call_id }) };
    case "assistant":
      return {
        role: "assistant",
        content,
        toolCalls: (message.tool_calls ?? []).map((call) => ({
          id: call.id,
          name: call.function.name,
          arguments: parseJsonText(call.function.arguments),
        })),
      };
    default:
      return { role: "user", content, toolCalls: [] };
  }
}

function textOf(content: OpenAIMessage["content"]): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  let text = "";
  for (const part of content) if (typeof part.text === "string") text += part.text;
  return text;
}

function readToolChoice(choice: NonNullable<z.infer<typeof bodySchema>["tool_choice"]>): NormalizedToolChoice {
  return typeof choice === "string" ? choice : { toolName: choice.function.name };
}

function readResponseFormat(format: z.infer<typeof bodySchema>["response_format"]): ResponseFormat | undefined {
  if (format == null || (format.type !== "json_schema" && format.type !== "json_object")) return undefined;
  const schema = format.json_schema?.schema;
  const name = format.json_schema?.name;
  return { type: "json", ...(schema == null ? {} : { schema }), ...(name == null ? {} : { name }) };
}

function maxTokensOf(value: z.infer<typeof bodySchema>): number | undefined {
  return value.max_completion_tokens ?? value.max_tokens ?? undefined;
}
