import { isRecord } from "./is-record.js";
import type { NormalizedRequest } from "./normalized-request.js";
import type { JsonReply, TextReply, ToolCallsReply } from "./reply-spec.js";
import { shapeText } from "./shape-text.js";
import { splitJson, splitWords } from "./text-pieces.js";
import { countPromptTokens, tokensForCharacters } from "./usage.js";

/** A reply that produces content (as opposed to an error, a hang or garbage). */
export type ContentReply = TextReply | ToolCallsReply | JsonReply;

/** A tool call ready to encode. */
export interface CompletionToolCall {
  /** Call id. */
  id: string;
  /** Tool name. */
  name: string;
  /** The arguments object. */
  arguments: Record<string, unknown>;
  /** The arguments as JSON text. */
  argumentsJson: string;
}

/** Protocol-neutral content of one answer, which each protocol encodes in its own shape. */
export interface Completion {
  /** Text chunks in stream order; joined, the full text. */
  textPieces: string[];
  /** Tool calls after the text. */
  toolCalls: CompletionToolCall[];
  /** Why generation ended. */
  finish: "stop" | "length" | "tool-calls";
  /** The stop sequence that ended the text, when one did. */
  stopSequence: string | undefined;
  /** Prompt tokens to report. */
  inputTokens: number;
  /** Completion tokens to report. */
  outputTokens: number;
  /** Send no usage. */
  omitUsage: boolean;
}

/** Settings for `buildCompletion`. */
export interface BuildCompletionOptions {
  /** Prefix of generated tool call ids (`call_` or `toolu_`). */
  toolCallIdPrefix: string;
  /** Server-wide request number, used in generated ids. */
  sequence: number;
  /** When set, a JSON reply is sent as a call to this tool (the Anthropic `json` tool). */
  structuredOutputTool: string | undefined;
}

/**
 * Turns a content reply into what is sent: text cut to the request's limits,
 * tool calls with ids and JSON arguments, the finish reason and token usage
 * (input: ceil(prompt characters / 4); output: words of text plus
 * ceil(characters / 4) of JSON), unless the reply overrides the usage.
 */
export function buildCompletion(reply: ContentReply, request: NormalizedRequest, options: BuildCompletionOptions): Completion {
  const completion = contentOf(reply, request, options);
  completion.inputTokens = reply.usage?.inputTokens ?? countPromptTokens(request.messages);
  if (reply.usage?.outputTokens !== undefined) completion.outputTokens = reply.usage.outputTokens;
  completion.omitUsage = reply.omitUsage === true;
  return completion;
}

function contentOf(reply: ContentReply, request: NormalizedRequest, options: BuildCompletionOptions): Completion {
  if ("toolCalls" in reply) {
    const textPieces = splitWords(reply.text ?? "");
    const toolCalls = reply.toolCalls.map((call, index) => toolCall(call.name, call.arguments, call.id ?? `${options.toolCallIdPrefix}${options.sequence}_${index}`));
    return completion(textPieces, toolCalls, "tool-calls", undefined);
  }
  if ("json" in reply) {
    if (options.structuredOutputTool !== undefined) {
      const input = isRecord(reply.json) ? reply.json : { value: reply.json };
      return completion([], [toolCall(options.structuredOutputTool, input, `${options.toolCallIdPrefix}${options.sequence}_0`)], "tool-calls", undefined);
    }
    const json = JSON.stringify(reply.json) ?? "null";
    const result = completion(splitJson(json), [], "stop", undefined);
    result.outputTokens = tokensForCharacters(json.length);
    return result;
  }
  const shaped = shapeText(reply.text, reply.ignoreMaxTokens === true ? { stopSequences: request.stopSequences } : request);
  return completion(shaped.pieces, [], shaped.finish, shaped.stopSequence);
}

function completion(textPieces: string[], toolCalls: CompletionToolCall[], finish: Completion["finish"], stopSequence: string | undefined): Completion {
  let outputTokens = textPieces.length;
  for (const call of toolCalls) outputTokens += tokensForCharacters(call.argumentsJson.length);
  return { textPieces, toolCalls, finish, stopSequence, inputTokens: 0, outputTokens, omitUsage: false };
}

function toolCall(name: string, input: Record<string, unknown>, id: string): CompletionToolCall {
  return { id, name, arguments: input, argumentsJson: JSON.stringify(input) };
}
