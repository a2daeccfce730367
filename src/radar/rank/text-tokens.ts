const STOPWORDS = new Set(
  `a about after all also an and any are as at be been but by can could do does each for from has have how i if in into is it its
  just more most new not now of on one or our out over so such than that the their them then there these they this to up use used
  using was we were what when where which who why will with you your via per may new get gets make makes like only other some very`.split(/\s+/),
);

/**
 * Lower-cased words of a text, split at every non-alphanumeric character and where letters turn
 * into digits ("llama3.1" → llama 3 1, "GPT-4o" → gpt 4o), so a model id and the way news writes
 * its name give the same sequence.
 */
export function textTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/(\p{L})(?=\p{N})/gu, "$1 ")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((token) => token !== "");
}

/** Tokens worth matching on their own: no stopwords, no bare numbers, at least three characters. */
export function contentTokens(text: string): string[] {
  return textTokens(text).filter(isContentToken);
}

/** Whether a token carries meaning alone (not a stopword, not a bare number, three characters or more). */
export function isContentToken(token: string): boolean {
  return token.length >= 3 && !STOPWORDS.has(token) && !/^\p{N}+$/u.test(token);
}

/** Where `phrase` occurs as a contiguous run of `tokens` (both from `textTokens`). */
export function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0 || phrase.length > tokens.length) return false;
  outer: for (let start = 0; start + phrase.length <= tokens.length; start += 1) {
    for (let offset = 0; offset < phrase.length; offset += 1) if (tokens[start + offset] !== phrase[offset]) continue outer;
    return true;
  }
  return false;
}
