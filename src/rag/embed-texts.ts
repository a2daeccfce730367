import type { Flywheel } from "../runtime/index.js";
import { truncateToTokens } from "./token-counter.js";
import type { TokenCounter } from "./token-counter.js";

/** Whether texts are questions or passages (models trained with prefixes embed them differently). */
export type EmbeddingInputType = "query" | "document";

/** Vectors for texts, in order, with the model's warnings (e.g. inputs it truncated). */
export interface EmbeddedTexts {
  vectors: Float32Array[];
  warnings: string[];
  tokens: number | undefined;
}

/** Embeds texts with a registry model (traced, retried once in the model layer). */
export async function embedTexts(
  flywheel: Flywheel,
  options: { model: string; texts: string[]; inputType: EmbeddingInputType; signal?: AbortSignal },
): Promise<EmbeddedTexts> {
  if (options.texts.length === 0) return { vectors: [], warnings: [], tokens: 0 };
  const { embedMany } = await import("ai"); // loaded by the first embedding, not by BM25 searches
  const result = await embedMany({
    model: flywheel.embeddingModel(options.model),
    values: options.texts,
    maxRetries: 0,
    maxParallelCalls: 2,
    abortSignal: options.signal,
    providerOptions: { local: { inputType: options.inputType } },
  });
  return {
    vectors: result.embeddings.map((embedding) => Float32Array.from(embedding)),
    warnings: result.warnings.map((warning) => ("message" in warning && typeof warning.message === "string" ? warning.message : JSON.stringify(warning))),
    tokens: result.usage.tokens,
  };
}

/**
 * The text a chunk is embedded as: its document title and heading path above its body, so a
 * chunk that says "it retries three times" still says what "it" is. With `headerTokens`, the
 * header is cut to at most `max` tokens (as `count` counts them), or left out when that leaves none.
 */
export function embeddingInput(title: string, headingPath: string[], text: string, headerTokens?: { count: TokenCounter; max: number }): string {
  const full = [title, ...headingPath].filter((part) => part.trim() !== "").join(" > ");
  const header = headerTokens === undefined ? full : truncateToTokens(full, headerTokens.max, headerTokens.count);
  return header === "" ? text : `${header}\n\n${text}`;
}
