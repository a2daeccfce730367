import type { ChatHistoryItem, Tokenizer } from "node-llama-cpp";
import { ContextLengthError } from "../../errors/index.js";

/** How a prompt fits the context window. */
export interface ContextFit {
  history: ChatHistoryItem[];
  /** Prompt tokens after any truncation. */
  inputTokens: number;
  /** Whether turns were dropped or the oldest message was cut. */
  truncated: boolean;
}

/**
 * Checks that the rendered prompt leaves room for at least `reserve` generated tokens. When it
 * does not: with `truncate`, drops the oldest turns (system prompt and the turn being answered
 * are kept) and then cuts the start of the oldest remaining user message; without it, throws
 * ContextLengthError with the real token counts.
 */
export function fitContext(options: {
  modelId: string;
  history: ChatHistoryItem[];
  contextSize: number;
  reserve: number;
  truncate: boolean;
  countTokens: (history: ChatHistoryItem[]) => number;
  tokenizer: Tokenizer;
  detokenize: (tokens: ReturnType<Tokenizer>) => string;
}): ContextFit {
  const budget = options.contextSize - options.reserve;
  let history = options.history;
  let inputTokens = options.countTokens(history);
  if (inputTokens <= budget) return { history, inputTokens, truncated: false };
  if (!options.truncate) {
    throw new ContextLengthError({ modelId: options.modelId, contextWindow: options.contextSize, inputTokens });
  }
  history = history.map((item) => ({ ...item }));
  // Drop whole turns, oldest first, keeping the system prompt and the last user turn + the open model turn.
  while (inputTokens > budget) {
    const removable = history.findIndex((item, index) => item.type !== "system" && index < history.length - 2);
    if (removable === -1) break;
    history.splice(removable, 1);
    inputTokens = options.countTokens(history);
  }
  // Still too long: cut the start of the last user message, keeping its end (usually the question).
  const user = history.findLast((item) => item.type === "user");
  if (inputTokens > budget && user !== undefined && user.type === "user") {
    const tokens = options.tokenizer(user.text);
    const keep = Math.max(0, tokens.length - (inputTokens - budget) - 8);
    user.text = options.detokenize(tokens.slice(tokens.length - keep));
    inputTokens = options.countTokens(history);
  }
  if (inputTokens > budget) {
    throw new ContextLengthError({ modelId: options.modelId, contextWindow: options.contextSize, inputTokens });
  }
  return { history, inputTokens, truncated: true };
}
