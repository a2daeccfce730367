import type { LanguageModelV4Usage } from "@ai-sdk/provider";
import { estimateTokens, fewestTokens } from "./token-estimate.js";

/** What was sent and received, counted here, to check a provider's usage against. */
export interface CountedCharacters {
  /** Characters of the prompt. */
  prompt: number;
  /** Characters of the output: text, reasoning and tool-call arguments. */
  output: number;
}

/**
 * A provider's token usage made safe to add up: every count a whole number of zero or more,
 * and a total that is missing, negative, not finite, fewer than the text obviously holds or
 * more than the context window replaced by an estimate from the text. Budgets and costs are
 * sums of these counts, so one bad count must not be able to lift them.
 */
export function saneUsage(reported: LanguageModelV4Usage | undefined, counted: CountedCharacters, contextWindow: number | undefined): LanguageModelV4Usage {
  const inputTotal = saneTotal(reported?.inputTokens.total, counted.prompt, contextWindow);
  const outputTotal = saneTotal(reported?.outputTokens.total, counted.output, contextWindow);
  return {
    inputTokens: {
      total: inputTotal,
      noCache: part(reported?.inputTokens.noCache, inputTotal),
      cacheRead: part(reported?.inputTokens.cacheRead, inputTotal),
      cacheWrite: part(reported?.inputTokens.cacheWrite, inputTotal),
    },
    outputTokens: {
      total: outputTotal,
      text: part(reported?.outputTokens.text, outputTotal),
      reasoning: part(reported?.outputTokens.reasoning, outputTotal),
    },
    ...(reported?.raw === undefined ? {} : { raw: reported.raw }),
  };
}

function saneTotal(reported: number | undefined, characters: number, contextWindow: number | undefined): number {
  const believable =
    typeof reported === "number" && Number.isFinite(reported) && reported >= 0 && reported >= fewestTokens(characters) && (contextWindow === undefined || reported <= contextWindow);
  return believable ? Math.ceil(reported) : estimateTokens(characters);
}

function part(reported: number | undefined, total: number): number | undefined {
  if (typeof reported !== "number" || !Number.isFinite(reported)) return undefined;
  return Math.min(Math.max(0, Math.ceil(reported)), total);
}
