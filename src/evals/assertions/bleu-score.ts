import { counts, ngrams } from "./ngrams.js";

/**
 * Sentence BLEU (Papineni et al., 2002) with uniform weights over 1- to 4-grams: clipped
 * n-gram precisions (best reference per order), the brevity penalty against the
 * reference closest in length, and zero precisions smoothed to 1e-7. Text is lower-cased
 * and split on whitespace.
 */
export function bleuScore(candidate: string, references: string[]): number {
  const tokens = tokenize(candidate);
  if (tokens.length === 0 || references.length === 0) return 0;
  const referenceTokens = references.map(tokenize);
  const closestLength = referenceTokens
    .map((reference) => reference.length)
    .reduce((best, length) => (Math.abs(length - tokens.length) < Math.abs(best - tokens.length) ? length : best));
  let logSum = 0;
  for (let n = 1; n <= 4; n += 1) {
    const candidateGrams = ngrams(tokens, n);
    const candidateCounts = counts(candidateGrams);
    let bestClipped = 0;
    for (const reference of referenceTokens) {
      const referenceCounts = counts(ngrams(reference, n));
      let clipped = 0;
      for (const [gram, count] of candidateCounts) clipped += Math.min(count, referenceCounts.get(gram) ?? 0);
      bestClipped = Math.max(bestClipped, clipped);
    }
    const precision = candidateGrams.length > 0 ? bestClipped / candidateGrams.length : 0;
    logSum += 0.25 * Math.log(precision === 0 ? 1e-7 : precision);
  }
  const brevityPenalty = tokens.length > closestLength ? 1 : Math.exp(1 - closestLength / tokens.length);
  return brevityPenalty * Math.exp(logSum);
}

function tokenize(text: string): string[] {
  const trimmed = text.toLowerCase().trim();
  return trimmed === "" ? [] : trimmed.split(/\s+/);
}
