import type { SpanRecord } from "../../store/index.js";
import { GenAi } from "../../traces/index.js";
import type { ChatMessage } from "../dataset-row.js";

interface TracePart {
  type?: unknown;
  content?: unknown;
  id?: unknown;
  name?: unknown;
  arguments?: unknown;
  response?: unknown;
}

/** Reads an attribute that holds JSON (as a string, or already parsed); undefined when unreadable. */
function jsonAttribute(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

function partsOf(message: unknown): TracePart[] {
  if (message === null || typeof message !== "object") return [];
  const parts = (message as { parts?: unknown }).parts;
  return Array.isArray(parts) ? parts.filter((part): part is TracePart => part !== null && typeof part === "object") : [];
}

function roleOf(message: unknown): string {
  return message !== null && typeof message === "object" && typeof (message as { role?: unknown }).role === "string" ? (message as { role: string }).role : "user";
}

/** Turns GenAI semantic-convention messages (the `GenAi.inputMessages` shape) into chat messages. */
export function traceMessagesToChat(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages)) return [];
  const result: ChatMessage[] = [];
  for (const message of messages) {
    const role = roleOf(message);
    const parts = partsOf(message);
    const text = parts
      .filter((part) => part.type === "text" && typeof part.content === "string")
      .map((part) => part.content as string)
      .join("");
    if (role === "tool") {
      for (const part of parts.filter((item) => item.type === "tool_call_response")) {
        result.push({ role: "tool", tool_call_id: String(part.id ?? ""), content: typeof part.response === "string" ? part.response : JSON.stringify(part.response ?? null) });
      }
      continue;
    }
    const calls = parts
      .filter((part) => part.type === "tool_call")
      .map((part) => ({
        id: String(part.id ?? ""),
        type: "function" as const,
        function: { name: String(part.name ?? ""), arguments: typeof part.arguments === "string" ? part.arguments : JSON.stringify(part.arguments ?? {}) },
      }));
    const chatRole = role === "assistant" || role === "system" ? role : "user";
    result.push({ role: chatRole, content: text, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
  }
  return result;
}

/**
 * The conversation of one model span: its system instructions, input messages and output.
 * Undefined when the span did not capture content.
 */
export function modelSpanToMessages(span: SpanRecord): { prompt: ChatMessage[]; output: ChatMessage | undefined } | undefined {
  const input = jsonAttribute(span.attributes[GenAi.inputMessages]);
  if (!Array.isArray(input)) return undefined;
  const prompt: ChatMessage[] = [];
  const system = jsonAttribute(span.attributes[GenAi.systemInstructions]);
  if (Array.isArray(system)) {
    const text = system
      .map((part: unknown) => (part !== null && typeof part === "object" && typeof (part as TracePart).content === "string" ? ((part as TracePart).content as string) : ""))
      .join("\n\n");
    if (text !== "") prompt.push({ role: "system", content: text });
  }
  prompt.push(...traceMessagesToChat(input));
  const output = traceMessagesToChat(jsonAttribute(span.attributes[GenAi.outputMessages]))[0];
  return { prompt, output: output === undefined ? undefined : { ...output, role: "assistant" } };
}
