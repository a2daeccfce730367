/** A word, number or version: `gpt`, `4o`, `0.5.1`, `128k` (a leading `v` of a version is dropped). */
const TOKEN = /[\p{L}\p{N}]+(?:\.\p{N}+)*/gu;
/** Words that name a variant of a model family: "GPT-5 mini" and "GPT-5" are different stories. */
const MODEL_TIERS = new Set(["mini", "nano", "micro", "small", "medium", "large", "lite", "flash", "pro", "max", "plus", "ultra", "turbo", "thinking", "instruct", "coder"]);

/** Month names: like numbers, the dates a story quotes tell it from a similar one. */
const MONTHS = new Set(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]);

/** The words of a text, lower-cased, as duplicate detection compares them. */
export function storyTokens(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(TOKEN) ?? []).map((token) => token.replace(/^v(?=\d)/, ""));
}

/** The facts among tokens: those with a digit (sizes, versions, prices, scores) and month names (dates). */
export function numberTokens(tokens: readonly string[]): string[] {
  return tokens.filter((token) => /\d/.test(token) || MONTHS.has(token));
}

/** The tokens of a title that tell one story from a similar one: its numbers and model-tier words. */
export function distinguishingTokens(titleTokens: readonly string[]): string[] {
  return [...new Set([...numberTokens(titleTokens), ...titleTokens.filter((token) => MODEL_TIERS.has(token))])];
}
