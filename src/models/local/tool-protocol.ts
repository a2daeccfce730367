import { randomUUID } from "node:crypto";
import type { LanguageModelV4Content, LanguageModelV4FunctionTool, LanguageModelV4ToolChoice } from "@ai-sdk/provider";
import { toGrammarSchema } from "./grammar-schema.js";

/**
 * Tool calls for models that were never trained to call tools: the output is constrained by
 * a grammar to one JSON object, either `{"tool": "<name>", "arguments": {...}}` (with the
 * tool's own input schema) or `{"answer": "<text>"}`, and the tools are described in the
 * system prompt. Even a 135M-parameter model then returns a call that parses.
 */
export interface ToolProtocol {
  /** Schema of the one JSON object the model may write. */
  schema: object;
  /** Text added to the system prompt. */
  instructions: string;
}

/** The tool protocol for a call, or undefined when no tool may be called. */
export function buildToolProtocol(tools: LanguageModelV4FunctionTool[], choice: LanguageModelV4ToolChoice | undefined): ToolProtocol | undefined {
  if (tools.length === 0 || choice?.type === "none") return undefined;
  const allowed = choice?.type === "tool" ? tools.filter((tool) => tool.name === choice.toolName) : tools;
  const callOptions = allowed.map((tool) => ({
    type: "object",
    properties: { tool: { const: tool.name }, arguments: toGrammarSchema(tool.inputSchema) },
    required: ["tool", "arguments"],
  }));
  const mayAnswer = choice === undefined || choice.type === "auto";
  const options = mayAnswer ? [...callOptions, { type: "object", properties: { answer: { type: "string" } }, required: ["answer"] }] : callOptions;
  const described = allowed
    .map((tool) => `- ${tool.name}: ${tool.description ?? "(no description)"}\n  arguments: ${JSON.stringify(tool.inputSchema)}`)
    .join("\n");
  const format = mayAnswer
    ? 'To call a tool, reply with {"tool": "<name>", "arguments": {...}}. To answer directly, reply with {"answer": "<text>"}.'
    : 'Reply with {"tool": "<name>", "arguments": {...}} to call one of the tools.';
  return {
    schema: options.length === 1 ? options[0]! : { oneOf: options },
    instructions: `You can use these tools:\n${described}\n${format} Reply with JSON only.`,
  };
}

/** Turns the model's JSON reply into a tool call or a text answer; text that is not such JSON is kept as text. */
export function parseToolReply(text: string): LanguageModelV4Content[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text === "" ? [] : [{ type: "text", text }];
  }
  if (value !== null && typeof value === "object" && "tool" in value && typeof value.tool === "string") {
    const input = "arguments" in value ? value.arguments : {};
    return [{ type: "tool-call", toolCallId: `call_${randomUUID()}`, toolName: value.tool, input: JSON.stringify(input ?? {}) }];
  }
  if (value !== null && typeof value === "object" && "answer" in value && typeof value.answer === "string") {
    return [{ type: "text", text: value.answer }];
  }
  return [{ type: "text", text }];
}
