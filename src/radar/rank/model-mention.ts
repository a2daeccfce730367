import { containsPhrase, isContentToken, textTokens } from "./text-tokens.js";

/** Names a provider's models go by in the news, beside the provider's own name. */
const PROVIDER_BRANDS: Record<string, string[]> = {
  openai: ["openai", "gpt", "chatgpt"],
  anthropic: ["anthropic", "claude"],
  google: ["google", "gemini", "deepmind"],
  gemini: ["google", "gemini", "deepmind"],
  mistral: ["mistral"],
  groq: ["groq"],
  deepseek: ["deepseek"],
  xai: ["xai", "grok"],
};

/** How strongly a text mentions a model: the model itself, its family, or only its provider. */
export type ModelMatch = "model" | "family" | "provider" | undefined;

/** Token sequences one model id is written as, from the most to the least specific. */
export interface ModelPatterns {
  /** The model's name ("claude haiku 4 5"), and without its first word when the rest still names it ("haiku 4 5"). */
  names: string[][];
  /** The name without version numbers ("claude haiku"): a new version of a model in use. */
  family: string[];
  /** The provider and its brands. */
  provider: string[];
}

/** The patterns of a `provider:model` id ("anthropic:claude-haiku-4-5", "ollama:llama3.1:8b"). */
export function modelPatterns(modelId: string): ModelPatterns {
  const separator = modelId.indexOf(":");
  const provider = separator < 0 ? "" : modelId.slice(0, separator).toLowerCase();
  const name = (separator < 0 ? modelId : modelId.slice(separator + 1)).split("/").at(-1)!;
  const tokens = textTokens(name.replace(/[-_@](\d{8}|\d{4}-\d{2}-\d{2}|latest)$/i, ""));
  const names = [tokens];
  const rest = tokens.slice(1);
  if (rest.length >= 2 && rest.some(isContentToken)) names.push(rest);
  const family = tokens.filter((token) => !/^\p{N}/u.test(token) && token !== "latest");
  return { names, family, provider: PROVIDER_BRANDS[provider] ?? (provider === "" ? [] : [provider]) };
}

/** The strongest way `tokens` (from `textTokens`) mention the model. */
export function matchModel(patterns: ModelPatterns, tokens: readonly string[]): ModelMatch {
  if (patterns.names.some((name) => containsPhrase(tokens, name))) return "model";
  if (patterns.family.length > 0 && containsPhrase(withoutNumbers(tokens), patterns.family)) return "family";
  if (patterns.provider.some((brand) => tokens.includes(brand))) return "provider";
  return undefined;
}

function withoutNumbers(tokens: readonly string[]): string[] {
  return tokens.filter((token) => !/^\p{N}/u.test(token));
}
