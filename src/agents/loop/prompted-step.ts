import { randomUUID } from "node:crypto";
import { streamText } from "ai";
import { CancelledError } from "../../errors/index.js";
import type { AgentTool } from "../tools/agent-tool.js";
import type { PendingToolCall } from "./execute-tool-call.js";
import type { ModelStepOptions, ModelStepResult } from "./model-step.js";
import { toolParameters } from "./model-step.js";

/**
 * Tool calls for models without a tool-calling API and without grammar constraints: the tools
 * are described in the system prompt and the model is asked to reply with one JSON object,
 * `{"tool": "<name>", "arguments": {...}}` or `{"answer": "<text>"}`; the reply is parsed
 * leniently (code fences, text around the object). Tool results go back as user messages
 * marked as data.
 */
export function promptedToolInstructions(tools: readonly AgentTool[]): string {
  const described = tools.map((tool) => `- ${tool.name}: ${tool.description}\n  arguments: ${JSON.stringify(toolParameters(tool))}`).join("\n");
  return `You can use these tools:\n${described}\nTo call a tool, reply with only {"tool": "<name>", "arguments": {...}}. To give the final answer, reply with only {"answer": "<text>"}.`;
}

/** Reads a prompted reply: one tool call, or the final answer (the whole text when it is not such JSON). */
export function parsePromptedReply(text: string): { call: PendingToolCall } | { answer: string } {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start !== -1 && end > start) {
    try {
      const value = JSON.parse(text.slice(start, end + 1)) as unknown;
      if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        if (typeof record.tool === "string") return { call: { id: `call_${randomUUID()}`, name: record.tool, input: record.arguments ?? {} } };
        if (typeof record.answer === "string") return { answer: record.answer };
      }
    } catch {
      // Not JSON: the text is the answer.
    }
  }
  return { answer: text.trim() };
}

/** One model call in prompted mode; the final answer is streamed through `onText` once it is known. */
export async function callModelPrompted(options: ModelStepOptions): Promise<ModelStepResult> {
  const result = streamText({
    model: options.model,
    system:
      options.tools.length > 0 && options.toolChoice !== "none"
        ? `${options.system}\n\n${promptedToolInstructions(options.tools)}${options.toolChoice === "required" ? "\nCall a tool now." : ""}`
        : options.system,
    messages: options.messages,
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    abortSignal: options.signal,
    maxRetries: 0,
    onError: () => undefined,
  });
  let text = "";
  let inputTokens = 0;
  let outputTokens = 0;
  let finishReason = "unknown";
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") text += part.text;
    else if (part.type === "finish-step") {
      inputTokens += part.usage.inputTokens ?? 0;
      outputTokens += part.usage.outputTokens ?? 0;
      finishReason = part.finishReason;
    } else if (part.type === "error") throw part.error;
    else if (part.type === "abort") throw options.signal.reason ?? new CancelledError("the model call");
  }
  const reply = options.tools.length > 0 && options.toolChoice !== "none" ? parsePromptedReply(text) : { answer: text.trim() };
  if ("call" in reply) return { text, toolCalls: [reply.call], inputTokens, outputTokens, finishReason: "tool-calls" };
  options.onText?.(reply.answer);
  return { text: reply.answer, toolCalls: [], inputTokens, outputTokens, finishReason };
}
