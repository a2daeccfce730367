import type { LanguageModelV4Content, LanguageModelV4Middleware, LanguageModelV4StreamPart } from "@ai-sdk/provider";
import type { ModelInfo } from "../catalog/index.js";
import { promptCharacters } from "./prompt-to-messages.js";
import { saneUsage } from "./sane-usage.js";
import { pullThrough } from "./pull-through.js";
import { mostCharacters } from "./token-estimate.js";

/**
 * Keeps what a provider reports within reason, because budgets and costs add it up:
 * token usage is made sane (`saneUsage`), and output past the call's `maxOutputTokens`
 * is cut off here, counted by characters, for a provider that ignores the limit. A cut
 * stream is ended with finish reason `length` and the request is aborted.
 */
export function usageGuardMiddleware(info: ModelInfo): LanguageModelV4Middleware {
  return {
    specificationVersion: "v4",
    async wrapGenerate({ doGenerate, params }) {
      const result = await doGenerate();
      const usage = saneUsage(result.usage, { prompt: promptCharacters(params.prompt), output: contentCharacters(result.content) }, info.contextWindow);
      const cut = params.maxOutputTokens === undefined ? undefined : cutContent(result.content, mostCharacters(params.maxOutputTokens));
      if (cut === undefined) return { ...result, usage };
      return { ...result, content: cut, usage, finishReason: { unified: "length", raw: result.finishReason.raw } };
    },
    async wrapStream({ doStream, params }) {
      const result = await doStream();
      const limit = params.maxOutputTokens === undefined ? Number.POSITIVE_INFINITY : mostCharacters(params.maxOutputTokens);
      return { ...result, stream: guardStream(result.stream, { promptCharacters: promptCharacters(params.prompt), limit, contextWindow: info.contextWindow }) };
    },
  };
}

/** Characters of generated content: text, reasoning and tool-call arguments. */
function contentCharacters(content: readonly LanguageModelV4Content[]): number {
  let total = 0;
  for (const part of content) total += partCharacters(part);
  return total;
}

function partCharacters(part: LanguageModelV4Content): number {
  if (part.type === "text" || part.type === "reasoning") return part.text.length;
  if (part.type === "tool-call") return part.input.length;
  return 0;
}

/** The content cut to `limit` characters (a tool call past the limit is dropped whole), or undefined when it fits. */
function cutContent(content: readonly LanguageModelV4Content[], limit: number): LanguageModelV4Content[] | undefined {
  let used = 0;
  for (const [index, part] of content.entries()) {
    const characters = partCharacters(part);
    if (used + characters <= limit) {
      used += characters;
      continue;
    }
    const kept = content.slice(0, index);
    if ((part.type === "text" || part.type === "reasoning") && limit > used) kept.push({ ...part, text: part.text.slice(0, limit - used) });
    return kept;
  }
  return undefined;
}

function guardStream(
  source: ReadableStream<LanguageModelV4StreamPart>,
  options: { promptCharacters: number; limit: number; contextWindow: number | undefined },
): ReadableStream<LanguageModelV4StreamPart> {
  let characters = 0;
  // Open text and reasoning parts, to close them when the stream is cut.
  const open = new Map<string, "text-end" | "reasoning-end">();
  const streamedToolInputs = new Set<string>();
  const usageOf = (reported?: Parameters<typeof saneUsage>[0]) => saneUsage(reported, { prompt: options.promptCharacters, output: characters }, options.contextWindow);
  return pullThrough<LanguageModelV4StreamPart, LanguageModelV4StreamPart>(source, (part, controller) => {
      switch (part.type) {
        case "text-start":
          open.set(part.id, "text-end");
          break;
        case "reasoning-start":
          open.set(part.id, "reasoning-end");
          break;
        case "text-end":
        case "reasoning-end":
          open.delete(part.id);
          break;
        case "tool-call":
          if (!streamedToolInputs.has(part.toolCallId)) characters += part.input.length;
          break;
        case "finish":
          controller.enqueue({ ...part, usage: usageOf(part.usage) });
          return;
        case "text-delta":
        case "reasoning-delta":
        case "tool-input-delta": {
          if (part.type === "tool-input-delta") streamedToolInputs.add(part.id);
          const before = characters;
          characters += part.delta.length;
          if (characters <= options.limit) break;
          if (part.type !== "tool-input-delta" && options.limit > before) controller.enqueue({ ...part, delta: part.delta.slice(0, options.limit - before) });
          for (const [id, type] of open) controller.enqueue({ type, id });
          controller.enqueue({ type: "finish", finishReason: { unified: "length", raw: undefined }, usage: usageOf() });
          controller.terminate();
          return;
        }
      }
      controller.enqueue(part);
  });
}
