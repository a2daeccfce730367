import { randomUUID } from "node:crypto";
import type { LanguageModelV4Content, LanguageModelV4FunctionTool, LanguageModelV4ToolChoice } from "@ai-sdk/provider";
import { toGrammarSchema } from "./grammar-schema.js";

/** Longest thought the grammar admits: about one sentence, so a small model cannot ramble until the context is full. */
const THOUGHT_CHARACTERS = 160;

/** The action that ends a turn with an answer instead of a tool call. */
export const finalAnswerAction = "final_answer";

/**
 * Tool calls for models that were never trained to call tools: the output is constrained by
 * a grammar to one action, `{"tool": "<name>", "arguments": {...}}` with the tool's own input
 * schema, where the action `final_answer` (`{"answer": "<text>"}`) ends the turn with an answer,
 * and, when the model may answer, a one-sentence `thought` comes first.
 * The tools are described in the system prompt. Giving the answer the same shape as a tool
 * call, listed last, keeps small models from answering from memory before using a tool; even
 * a 135M-parameter model then returns an action that parses.
 */
export interface ToolProtocol {
  /** Schema of the one JSON object the model may write. */
  schema: object;
  /** Text added to the system prompt. */
  instructions: string;
  /** Text after tool results, saying what to do next (small models otherwise call the same tool again). */
  afterResults: string;
}

/** The tool protocol for a call, or undefined when no tool may be called. */
export function buildToolProtocol(tools: LanguageModelV4FunctionTool[], choice: LanguageModelV4ToolChoice | undefined): ToolProtocol | undefined {
  if (tools.length === 0 || choice?.type === "none") return undefined;
  const allowed = choice?.type === "tool" ? tools.filter((tool) => tool.name === choice.toolName) : tools;
  const mayAnswer = choice === undefined || choice.type === "auto";
  const actions = [
    ...allowed.map((tool) => ({ name: tool.name, description: tool.description ?? "(no description)", schema: toGrammarSchema(tool.inputSchema) })),
    ...(mayAnswer ? [{ name: finalAnswerAction, description: "Gives your final answer and ends the task.", schema: finalAnswerSchema }] : []),
  ];
  // The thought helps where there is a choice to make (a tool or the answer); a forced call skips it and stays short.
  const thought = mayAnswer ? { thought: { type: "string", maxLength: THOUGHT_CHARACTERS } } : {};
  const options = actions.map((action) => ({
    type: "object",
    properties: { ...thought, tool: { const: action.name }, arguments: action.schema },
    required: [...Object.keys(thought), "tool", "arguments"],
  }));
  const described = actions.map((action) => `- ${action.name}: ${action.description}\n  arguments: ${JSON.stringify(action.schema)}`).join("\n");
  const format = mayAnswer
    ? `Reply with exactly one action as JSON: {"thought": "<what you know so far and what to do next, in one sentence>", "tool": "<name>", "arguments": {...}}. Use a tool when the request needs what it does (computing, reading, searching) rather than guessing, and no tool the request does not need. When the tool results above answer the request, or no tool is needed, use the tool "${finalAnswerAction}" with {"answer": "<your complete answer>"}.`
    : 'Reply with exactly one tool call as JSON: {"tool": "<name>", "arguments": {...}}.';
  return {
    schema: options.length === 1 ? options[0]! : { oneOf: options },
    instructions: `You can use these tools:\n${described}\n${format}`,
    afterResults: mayAnswer
      ? `If these results answer the request, reply with the ${finalAnswerAction} action now; otherwise call the next tool you need.`
      : "Call the next tool you need.",
  };
}

const finalAnswerSchema = { type: "object", properties: { answer: { type: "string" } }, required: ["answer"], additionalProperties: false };

/** Turns the model's JSON action into a tool call or a text answer; text that is not such JSON is kept as text. */
export function parseToolReply(text: string): LanguageModelV4Content[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text === "" ? [] : [{ type: "text", text }];
  }
  if (value === null || typeof value !== "object" || !("tool" in value) || typeof value.tool !== "string") return [{ type: "text", text }];
  const input = "arguments" in value ? value.arguments : {};
  if (value.tool === finalAnswerAction) {
    const answer = input !== null && typeof input === "object" && "answer" in input ? input.answer : undefined;
    return [{ type: "text", text: typeof answer === "string" ? answer : JSON.stringify(input) }];
  }
  return [{ type: "tool-call", toolCallId: `call_${randomUUID()}`, toolName: value.tool, input: JSON.stringify(input ?? {}) }];
}
