import type { LanguageModelV4Content, LanguageModelV4FinishReason, LanguageModelV4StreamPart, LanguageModelV4Usage } from "@ai-sdk/provider";
import { randomUUID } from "node:crypto";
import { createStreamRedactor, redactSecrets } from "../../secrets/index.js";

/** OpenAI's finish_reason for an AI SDK finish reason. */
export function finishReason(reason: LanguageModelV4FinishReason | undefined): string {
  switch (reason?.unified) {
    case "length":
      return "length";
    case "tool-calls":
      return "tool_calls";
    case "content-filter":
      return "content_filter";
    default:
      return "stop";
  }
}

/** OpenAI's usage object. */
export function usageBody(usage: LanguageModelV4Usage | undefined): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const input = usage?.inputTokens.total ?? 0;
  const output = usage?.outputTokens.total ?? 0;
  return { prompt_tokens: input, completion_tokens: output, total_tokens: input + output };
}

/** A non-streamed chat completion, with secrets redacted from the model's text and tool arguments. */
export function completionBody(options: { model: string; content: LanguageModelV4Content[]; finishReason: LanguageModelV4FinishReason; usage: LanguageModelV4Usage }): Record<string, unknown> {
  // The model may echo a secret it was shown (a key in a document, a header): never hand it back.
  const text = redactSecrets(options.content.filter((part) => part.type === "text").map((part) => part.text).join(""));
  const toolCalls = options.content
    .filter((part) => part.type === "tool-call")
    .map((part) => ({ id: part.toolCallId, type: "function", function: { name: part.toolName, arguments: redactSecrets(part.input) } }));
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: options.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text === "" && toolCalls.length > 0 ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        finish_reason: finishReason(options.finishReason),
      },
    ],
    usage: usageBody(options.usage),
  };
}

/** Turns model stream parts into OpenAI chunks, the model's text redacted on the way. */
export interface Chunker {
  /** The `chat.completion.chunk` objects for one stream part (text held back while a secret may be arriving). */
  toChunks(part: LanguageModelV4StreamPart): Record<string, unknown>[];
  /** The chunk with any text still held back, when the stream ends early. */
  flush(): Record<string, unknown>[];
}

/** Turns model stream parts into OpenAI `chat.completion.chunk` objects, with secrets redacted from the text. */
export function createChunker(model: string, includeUsage: boolean): Chunker {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const redactor = createStreamRedactor();
  let toolIndex = 0;
  let started = false;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id,
    object: "chat.completion.chunk",
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const text = (content: string) => (content === "" ? [] : [chunk({ content })]);
  return {
    toChunks(part) {
      const out: Record<string, unknown>[] = [];
      if (!started && (part.type === "text-delta" || part.type === "tool-call" || part.type === "finish")) {
        started = true;
        out.push(chunk({ role: "assistant", content: "" }));
      }
      if (part.type === "text-delta") out.push(...text(redactor.push(part.delta)));
      else if (part.type === "tool-call") {
        out.push(...text(redactor.flush()));
        out.push(chunk({ tool_calls: [{ index: toolIndex, id: part.toolCallId, type: "function", function: { name: part.toolName, arguments: redactSecrets(part.input) } }] }));
        toolIndex += 1;
      } else if (part.type === "finish") {
        out.push(...text(redactor.flush()));
        out.push(chunk({}, finishReason(part.finishReason)));
        if (includeUsage) out.push({ id, object: "chat.completion.chunk", created, model, choices: [], usage: usageBody(part.usage) });
      }
      return out;
    },
    flush: () => text(redactor.flush()),
  };
}
