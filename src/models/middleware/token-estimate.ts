/** Characters per token for an estimate: close to what real tokenizers give for English and code. */
const CHARACTERS_PER_TOKEN = 4;

/**
 * Characters per token that almost no real text exceeds (long words, big vocabularies give
 * about 5): a count below `characters / 6` is not believable, and a stream that has sent
 * more than `6 × limit` characters has certainly passed its token limit.
 */
const MOST_CHARACTERS_PER_TOKEN = 6;

/** A cheap estimate of the tokens in this many characters. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / CHARACTERS_PER_TOKEN);
}

/** The fewest tokens this many characters can be: one at least, when there are any. */
export function fewestTokens(characters: number): number {
  return characters > 0 ? Math.max(1, Math.floor(characters / MOST_CHARACTERS_PER_TOKEN)) : 0;
}

/** The most characters that `tokens` tokens can plausibly hold. */
export function mostCharacters(tokens: number): number {
  return tokens * MOST_CHARACTERS_PER_TOKEN;
}
