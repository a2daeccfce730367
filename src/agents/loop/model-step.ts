import type { LanguageModelV4 } from "@ai-sdk/provider";
import { generateText, jsonSchema, streamText, tool } from "ai";
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
  /** `none` asks for an answer in text even though tools are offered (the wrap-up after a stuck loop). */
  toolChoice?: "auto" | "none" | "required";
  /** Receives streamed text; when absent the call is not streamed (cheaper per step). */
  onText: ((delta: string) => void) | undefined;
}

/** What one model call produced. */
export interface ModelStepResult {
  text: string;
  toolCalls: PendingToolCall[];
  inputTokens: number;
  outputTokens: number;
  finishReason: string;
}

// Converting a zod schema costs more than a step's bookkeeping; tools are reused across runs.
const derivedParameters = new WeakMap<z.ZodType, Record<string, unknown>>();

/** The JSON schema the model sees for a tool. */
export function toolParameters(agentTool: AgentTool): Record<string, unknown> {
  if (agentTool.parameters !== undefined) return agentTool.parameters;
  let parameters = derivedParameters.get(agentTool.inputSchema);
  if (parameters === undefined) {
    const { $schema: _ignored, ...schema } = z.toJSONSchema(agentTool.inputSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    parameters = schema;
    derivedParameters.set(agentTool.inputSchema, parameters);
  }
  return parameters;
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
  if (options.onText === undefined) return generateStep(options, sdkTools);
  const onText = options.onText;
  const result = streamText({ ...callSettings(options, sdkTools), onError: () => undefined });
  let text = "";
  const toolCalls: PendingToolCall[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  let finishReason = "unknown";
  for await (const part of result.fullStream) {
    switch (part.type) {
      case "text-delta":
        text += part.text;
        onText(part.text);
        break;
      case "tool-call":
        toolCalls.push(pendingCall(part));
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

async function generateStep(options: ModelStepOptions, sdkTools: ToolSet): Promise<ModelStepResult> {
  const result = await generateText(callSettings(options, sdkTools));
  return {
    text: result.text,
    toolCalls: result.toolCalls.map(pendingCall),
    inputTokens: result.usage.inputTokens ?? 0,
    outputTokens: result.usage.outputTokens ?? 0,
    finishReason: result.finishReason,
  };
}

/** The settings of one model call, streamed or not. Retries happen once, in the model layer. */
function callSettings(options: ModelStepOptions, sdkTools: ToolSet) {
  return {
    model: options.model,
    system: options.system,
    messages: options.messages,
    tools: sdkTools,
    toolChoice: options.tools.length > 0 ? (options.toolChoice ?? "auto") : ("none" as const),
    maxOutputTokens: options.maxOutputTokens,
    temperature: options.temperature,
    abortSignal: options.signal,
    maxRetries: 0,
  };
}

/** A tool call as the SDK reported it; arguments that are not JSON are kept as text and marked. */
function pendingCall(call: { toolCallId: string; toolName: string; input: unknown; invalid?: boolean }): PendingToolCall {
  if (call.invalid === true && typeof call.input === "string") {
    return isJson(call.input) ? { id: call.toolCallId, name: call.toolName, input: JSON.parse(call.input) as unknown } : { id: call.toolCallId, name: call.toolName, input: call.input, unparsable: true };
  }
  return { id: call.toolCallId, name: call.toolName, input: call.input };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
