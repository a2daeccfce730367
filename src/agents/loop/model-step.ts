import type { LanguageModelV4 } from "@ai-sdk/provider";
import { jsonSchema, streamText, tool } from "ai";
import type { ModelMessage, ToolSet } from "ai";
import { z } from "zod";
import { CancelledError } from "../../errors/index.js";
import type { AgentTool } from "../tools/agent-tool.js";
import type { PendingToolCall } from "./execute-tool-call.js";

/** Options for `callModel`. */
export interface ModelStepOptions {
  model: LanguageModelV4;
  system: string;
  messages: ModelMessage[];
  tools: readonly AgentTool[];
  maxOutputTokens: number | undefined;
  temperature: number | undefined;
  signal: AbortSignal;
  onText: (delta: string) => void;
}

/** What one model call produced. */
export interface ModelStepResult {
  text: string;
  toolCalls: PendingToolCall[];
  inputTokens: number;
  outputTokens: number;
  finishReason: string;
}

/** The JSON schema the model sees for a tool. */
export function toolParameters(agentTool: AgentTool): Record<string, unknown> {
  if (agentTool.parameters !== undefined) return agentTool.parameters;
  const { $schema: _ignored, ...schema } = z.toJSONSchema(agentTool.inputSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return schema;
}

/** AI SDK tool definitions without `execute`: the SDK reports the calls and the loop runs them. */
export function toSdkTools(tools: readonly AgentTool[]): ToolSet {
  return Object.fromEntries(tools.map((agentTool) => [agentTool.name, tool({ description: agentTool.description, inputSchema: jsonSchema(toolParameters(agentTool)) })]));
}

/**
 * One streamed model call with tools offered natively (the provider's tool-calling API;
 * grammar-constrained JSON for the embedded models). Text streams through `onText`;
 * tool calls are returned, not run. Retries happen once, in the model layer.
 */
export async function callModel(options: ModelStepOptions, sdkTools: ToolSet): Promise<ModelStepResult> {
  const result = streamText({
    model: options.model,
    system: options.system,
    messages: options.messages,
    tools: sdkTools,
    toolChoice: options.tools.length > 0 ? "auto" : "none",
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    abortSignal: options.signal,
    maxRetries: 0,
    onError: () => undefined,
  });
  let text = "";
  const toolCalls: PendingToolCall[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  let finishReason = "unknown";
  for await (const part of result.fullStream) {
    switch (part.type) {
      case "text-delta":
        text += part.text;
        options.onText(part.text);
        break;
      case "tool-call":
        toolCalls.push(
          part.invalid === true && typeof part.input === "string"
            ? { id: part.toolCallId, name: part.toolName, input: part.input, unparsable: !isJson(part.input) }
            : { id: part.toolCallId, name: part.toolName, input: part.input },
        );
        break;
      case "finish-step":
        inputTokens += part.usage.inputTokens ?? 0;
        outputTokens += part.usage.outputTokens ?? 0;
        finishReason = part.finishReason;
        break;
      case "error":
        throw part.error;
      case "abort":
        throw options.signal.reason ?? new CancelledError("the model call");
    }
  }
  return { text, toolCalls, inputTokens, outputTokens, finishReason };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
