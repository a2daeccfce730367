import { contentTokens } from "./text-tokens.js";

/** Longest word kept: longer runs of letters are identifiers or keys, not terms. */
const LONGEST_TERM = 24;

/**
 * The most distinctive words of a set of texts: frequent within them, weighed down when they
 * occur in nearly every text (boilerplate). Only words of letters count (no stopwords, numbers
 * or mixed runs such as keys), so nothing secret-looking reaches a reason line.
 */
export function keyTerms(texts: readonly string[], count: number): string[] {
  const frequency = new Map<string, number>();
  const documents = new Map<string, number>();
  for (const text of texts) {
    const tokens = contentTokens(text).filter((token) => token.length <= LONGEST_TERM && /^\p{L}+$/u.test(token));
    for (const token of tokens) frequency.set(token, (frequency.get(token) ?? 0) + 1);
    for (const token of new Set(tokens)) documents.set(token, (documents.get(token) ?? 0) + 1);
  }
  const scored = [...frequency].map(([term, occurrences]) => {
    const spread = texts.length > 3 && documents.get(term)! / texts.length > 0.9 ? 0.5 : 1;
    return { term, score: Math.log(1 + occurrences) * spread };
  });
  scored.sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
  return scored.slice(0, count).map((entry) => entry.term);
}
