import type { LanguageModelV4Content, LanguageModelV4Prompt } from "@ai-sdk/provider";

/** A message part as the GenAI semantic conventions write it. */
export type TracePart =
  | { type: "text"; content: string }
  | { type: "tool_call"; id: string; name: string; arguments: unknown }
  | { type: "tool_call_response"; id: string; response: unknown }
  | { type: "reasoning"; content: string }
  | { type: "file"; mime_type: string };

/** A message as the GenAI semantic conventions write it (`GenAi.inputMessages`). */
export interface TraceMessage {
  role: string;
  parts: TracePart[];
}

/** Splits a prompt into system instructions and the other messages, in semantic-convention shape. */
export function promptToTraceMessages(prompt: LanguageModelV4Prompt): { system: string | undefined; messages: TraceMessage[] } {
  const systemParts: string[] = [];
  const messages: TraceMessage[] = [];
  for (const message of prompt) {
    if (message.role === "system") {
      systemParts.push(message.content);
      continue;
    }
    const parts: TracePart[] = [];
    for (const part of message.content) {
      switch (part.type) {
        case "text":
          parts.push({ type: "text", content: part.text });
          break;
        case "reasoning":
          parts.push({ type: "reasoning", content: part.text });
          break;
        case "file":
          parts.push({ type: "file", mime_type: part.mediaType });
          break;
        case "tool-call":
          parts.push({ type: "tool_call", id: part.toolCallId, name: part.toolName, arguments: part.input });
          break;
        case "tool-result":
          parts.push({ type: "tool_call_response", id: part.toolCallId, response: toolOutputValue(part.output) });
          break;
        default:
          break;
      }
    }
    messages.push({ role: message.role, parts });
  }
  return { system: systemParts.length > 0 ? systemParts.join("\n\n") : undefined, messages };
}

function toolOutputValue(output: { type: string; value?: unknown; reason?: string }): unknown {
  return output.value ?? output.reason ?? output.type;
}

/** The model's output content as one assistant message. */
export function contentToTraceMessage(content: LanguageModelV4Content[], finishReason?: string): TraceMessage & { finish_reason?: string } {
  const parts: TracePart[] = [];
  for (const part of content) {
    if (part.type === "text") parts.push({ type: "text", content: part.text });
    else if (part.type === "reasoning") parts.push({ type: "reasoning", content: part.text });
    else if (part.type === "tool-call") parts.push({ type: "tool_call", id: part.toolCallId, name: part.toolName, arguments: safeJson(part.input) });
  }
  return { role: "assistant", parts, ...(finishReason === undefined ? {} : { finish_reason: finishReason }) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Total characters of text in a prompt: the basis of the context-window estimate. */
export function promptCharacters(prompt: LanguageModelV4Prompt): number {
  let total = 0;
  for (const message of prompt) {
    if (message.role === "system") {
      total += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === "text" || part.type === "reasoning") total += part.text.length;
      else if (part.type === "tool-call") total += JSON.stringify(part.input ?? "").length;
      else if (part.type === "tool-result") total += JSON.stringify(part.output).length;
    }
  }
  return total;
}
