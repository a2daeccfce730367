import type { ModelInfo } from "./model-info.js";

type Entry = Omit<ModelInfo, "id" | "provider" | "source" | "type"> & { type?: ModelInfo["type"] };

const chat = { tools: true, json: true, vision: true };
const textOnly = { tools: false, json: false, vision: false };

/**
 * Published list prices (USD per million tokens) and limits of common hosted models,
 * as of 2025-11 (the same as promptfoo 0.123.1's, so `cost` assertions agree). Override or extend any entry under `models:` in flywheel.config.yaml.
 */
const entries: Record<string, Entry> = {
  "openai:gpt-3.5-turbo": { contextWindow: 16_385, maxOutputTokens: 4_096, capabilities: { tools: true, json: true, vision: false }, price: { input: 0.5, output: 1.5 } },
  "openai:gpt-4": { contextWindow: 8_192, maxOutputTokens: 8_192, capabilities: { tools: true, json: false, vision: false }, price: { input: 30, output: 60 } },
  "openai:gpt-4-turbo": { contextWindow: 128_000, maxOutputTokens: 4_096, capabilities: chat, price: { input: 10, output: 30 } },
  "openai:gpt-4o-mini": { contextWindow: 128_000, maxOutputTokens: 16_384, capabilities: chat, price: { input: 0.15, output: 0.6 } },
  "openai:gpt-4o": { contextWindow: 128_000, maxOutputTokens: 16_384, capabilities: chat, price: { input: 2.5, output: 10 } },
  "openai:gpt-4.1": { contextWindow: 1_047_576, maxOutputTokens: 32_768, capabilities: chat, price: { input: 2, output: 8 } },
  "openai:gpt-4.1-mini": { contextWindow: 1_047_576, maxOutputTokens: 32_768, capabilities: chat, price: { input: 0.4, output: 1.6 } },
  "openai:gpt-4.1-nano": { contextWindow: 1_047_576, maxOutputTokens: 32_768, capabilities: chat, price: { input: 0.1, output: 0.4 } },
  "openai:gpt-5": { contextWindow: 400_000, maxOutputTokens: 128_000, capabilities: chat, price: { input: 1.25, output: 10 } },
  "openai:gpt-5-mini": { contextWindow: 400_000, maxOutputTokens: 128_000, capabilities: chat, price: { input: 0.25, output: 2 } },
  "openai:gpt-5-nano": { contextWindow: 400_000, maxOutputTokens: 128_000, capabilities: chat, price: { input: 0.05, output: 0.4 } },
  "openai:o1": { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: chat, price: { input: 15, output: 60 } },
  "openai:o3-mini": { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: { tools: true, json: true, vision: false }, price: { input: 1.1, output: 4.4 } },
  "openai:o3": { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: chat, price: { input: 2, output: 8 } },
  "openai:o4-mini": { contextWindow: 200_000, maxOutputTokens: 100_000, capabilities: chat, price: { input: 1.1, output: 4.4 } },
  "openai:text-embedding-3-small": { type: "embedding", contextWindow: 8_191, capabilities: textOnly, price: { input: 0.02, output: 0 } },
  "openai:text-embedding-3-large": { type: "embedding", contextWindow: 8_191, capabilities: textOnly, price: { input: 0.13, output: 0 } },
  "anthropic:claude-opus-4-5": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 5, output: 25 } },
  "anthropic:claude-opus-4-1": { contextWindow: 200_000, maxOutputTokens: 32_000, capabilities: chat, price: { input: 15, output: 75 } },
  "anthropic:claude-sonnet-4-5": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 3, output: 15 } },
  "anthropic:claude-sonnet-4-0": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 3, output: 15 } },
  "anthropic:claude-haiku-4-5": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 1, output: 5 } },
  "anthropic:claude-3-5-haiku-latest": { contextWindow: 200_000, maxOutputTokens: 8_192, capabilities: chat, price: { input: 0.8, output: 4 } },
  // Dated ids, as promptfoo's examples name them.
  "anthropic:claude-sonnet-4-5-20250929": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 3, output: 15 } },
  "anthropic:claude-haiku-4-5-20251001": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 1, output: 5 } },
  "anthropic:claude-opus-4-1-20250805": { contextWindow: 200_000, maxOutputTokens: 32_000, capabilities: chat, price: { input: 15, output: 75 } },
  "anthropic:claude-opus-4-20250514": { contextWindow: 200_000, maxOutputTokens: 32_000, capabilities: chat, price: { input: 15, output: 75 } },
  "anthropic:claude-sonnet-4-20250514": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 3, output: 15 } },
  "anthropic:claude-3-7-sonnet-20250219": { contextWindow: 200_000, maxOutputTokens: 64_000, capabilities: chat, price: { input: 3, output: 15 } },
  "anthropic:claude-3-5-sonnet-20241022": { contextWindow: 200_000, maxOutputTokens: 8_192, capabilities: chat, price: { input: 3, output: 15 } },
  "anthropic:claude-3-5-sonnet-20240620": { contextWindow: 200_000, maxOutputTokens: 8_192, capabilities: chat, price: { input: 3, output: 15 } },
  "anthropic:claude-3-5-haiku-20241022": { contextWindow: 200_000, maxOutputTokens: 8_192, capabilities: chat, price: { input: 0.8, output: 4 } },
  "anthropic:claude-3-opus-20240229": { contextWindow: 200_000, maxOutputTokens: 4_096, capabilities: chat, price: { input: 15, output: 75 } },
  "anthropic:claude-3-haiku-20240307": { contextWindow: 200_000, maxOutputTokens: 4_096, capabilities: chat, price: { input: 0.25, output: 1.25 } },
};

/** The built-in catalog of hosted models. */
export const hostedCatalog: ModelInfo[] = Object.entries(entries).map(([id, entry]) => ({
  ...entry,
  id,
  provider: id.slice(0, id.indexOf(":")),
  type: entry.type ?? "chat",
  source: "catalog",
}));
