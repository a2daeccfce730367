// Reads an Anthropic `POST /v1/messages` body into the normalised request.
// Only the fields the server acts on are validated; anything else passes through.
import { z } from "zod";
import type { ParseChatResult } from "./completion-protocol.js";
import { describeIssue } from "./describe-issue.js";
import type { JsonSchema, NormalizedMessage, NormalizedTool, NormalizedToolChoice, ResponseFormat } from "./normalized-request.js";

/** Name and description `@ai-sdk/anthropic` gives the tool it forces for structured output on models without native support. */
const jsonToolName = "json";
const jsonToolDescription = "Respond with a JSON object.";

const textBlocksSchema = z.array(z.looseObject({ type: z.string(), text: z.string().optional() }));

const blockSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  tool_use_id: z.string().optional(),
  content: z.union([z.string(), textBlocksSchema]).optional(),
  is_error: z.boolean().nullish(),
});

const jsonSchemaObject = z.record(z.string(), z.unknown());
const formatSchema = z.looseObject({ type: z.string(), schema: jsonSchemaObject.nullish() }).nullish();

const bodySchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(z.looseObject({ role: z.enum(["user", "assistant"]), content: z.union([z.string(), z.array(blockSchema)]) })),
  system: z.union([z.string(), textBlocksSchema]).nullish(),
  max_tokens: z.number().int().nonnegative().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  tools: z
    .array(z.looseObject({ name: z.string(), type: z.string().nullish(), description: z.string().nullish(), input_schema: jsonSchemaObject.nullish() }))
    .nullish(),
  tool_choice: z.looseObject({ type: z.string(), name: z.string().nullish() }).nullish(),
  output_config: z.looseObject({ format: formatSchema }).nullish(),
  output_format: formatSchema,
});

type AnthropicBody = z.infer<typeof bodySchema>;
type AnthropicBlock = z.infer<typeof blockSchema>;

/** Validates an Anthropic messages body and normalises it; the structured-output `json` tool becomes a response format. */
export function parseAnthropicMessagesRequest(body: unknown): ParseChatResult {
  const result = bodySchema.safeParse(body);
  if (!result.success) return { ok: false, message: describeIssue(result.error) };
  const value = result.data;
  const messages: NormalizedMessage[] = [];
  const system = textOf(value.system);
  if (value.system != null) messages.push({ role: "system", content: system, toolCalls: [] });
  for (const message of value.messages) normalizeMessage(message.role, message.content, messages);

  const tools: NormalizedTool[] = [];
  let jsonTool: NormalizedTool | undefined;
  for (const tool of value.tools ?? []) {
    if (tool.input_schema == null) continue; // Provider-defined tools (web search, …) are not function tools.
    const normalized = { name: tool.name, ...(tool.description == null ? {} : { description: tool.description }), inputSchema: tool.input_schema };
    if (tool.name === jsonToolName && tool.description === jsonToolDescription) jsonTool = normalized;
    else tools.push(normalized);
  }
  const responseFormat = readResponseFormat(value, jsonTool);
  const toolChoice = jsonTool === undefined ? readToolChoice(value.tool_choice) : undefined;
  return {
    ok: true,
    value: {
      request: {
        protocol: "anthropic",
        model: value.model,
        messages,
        tools,
        ...(toolChoice === undefined ? {} : { toolChoice }),
        stream: value.stream === true,
        ...(responseFormat === undefined ? {} : { responseFormat }),
        ...(value.max_tokens == null ? {} : { maxTokens: value.max_tokens }),
        stopSequences: value.stop_sequences ?? [],
        body,
      },
      structuredOutputTool: jsonTool?.name,
      includeUsage: true,
    },
  };
}

function normalizeMessage(role: "user" | "assistant", content: string | AnthropicBlock[], into: NormalizedMessage[]): void {
  if (typeof content === "string") {
    into.push({ role, content, toolCalls: [] });
    return;
  }
  let text = "";
  let hasText = false;
  const toolCalls: NormalizedMessage["toolCalls"] = [];
  for (const block of content) {
    if (block.type === "text" && block.text !== undefined) {
      text += block.text;
      hasText = true;
    } else if (block.type === "tool_use") {
      toolCalls.push({ id: block.id ?? "", name: block.name ?? "", arguments: block.input ?? {} });
    } else if (block.type === "tool_result") {
      into.push({
        role: "tool",
        content: textOf(block.content),
        toolCalls: [],
        toolCallId: block.tool_use_id ?? "",
        ...(block.is_error == null ? {} : { isError: block.is_error }),
      });
    }
  }
  if (role === "assistant" || hasText) into.push({ role, content: text, toolCalls });
}

function textOf(content: string | { text?: string | undefined }[] | null | undefined): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  let text = "";
  for (const block of content) if (typeof block.text === "string") text += block.text;
  return text;
}

function readToolChoice(choice: AnthropicBody["tool_choice"]): NormalizedToolChoice | undefined {
  switch (choice?.type) {
    case "auto":
    case "none":
      return choice.type;
    case "any":
      return "required";
    case "tool":
      return choice.name == null ? undefined : { toolName: choice.name };
    default:
      return undefined;
  }
}

function readResponseFormat(value: AnthropicBody, jsonTool: NormalizedTool | undefined): ResponseFormat | undefined {
  if (jsonTool !== undefined) return { type: "json", schema: jsonTool.inputSchema };
  const format = value.output_config?.format ?? value.output_format;
  if (format?.type !== "json_schema") return undefined;
  const schema: JsonSchema | undefined = format.schema ?? undefined;
  return { type: "json", ...(schema === undefined ? {} : { schema }) };
}
