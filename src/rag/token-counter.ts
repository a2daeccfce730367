/** Counts tokens in a text the way an embedding model's tokenizer would. */
export type TokenCounter = (text: string) => number;

const WORD_OR_SYMBOL = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;

/**
 * Estimates WordPiece tokens (the BERT family, e.g. all-MiniLM-L6-v2) without the vocabulary:
 * a symbol is one token, a word of up to 8 characters one, a longer word one per 6 characters,
 * plus the two special tokens. Measured against the real tokenizer it errs high on ordinary
 * prose, which keeps chunks inside the model's limit.
 */
export const estimateTokens: TokenCounter = (text) => {
  let count = 2;
  for (const match of text.matchAll(WORD_OR_SYMBOL)) {
    const length = match[0].length;
    count += length <= 8 ? 1 : Math.ceil(length / 6);
  }
  return count;
};

/** The longest prefix of `text` that fits in `maxTokens`, cut at a word boundary. */
export function truncateToTokens(text: string, maxTokens: number, count: TokenCounter = estimateTokens): string {
  if (count(text) <= maxTokens) return text;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (count(text.slice(0, middle)) <= maxTokens) low = middle;
    else high = middle - 1;
  }
  const cut = text.slice(0, low);
  const lastSpace = cut.search(/\s\S*$/);
  return (lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd();
}
