import { fMeasure, nGram, treeBankTokenize } from "js-rouge";
import type { AssertionHandler } from "./assertion-types.js";
import { requireText } from "./assertion-types.js";

/**
 * `rouge-n`: ROUGE-1 F-measure of the output against the reference reaches the threshold
 * (default 0.75). Scored as promptfoo scores it: both texts lowercased, and the overlap
 * counted with clipped counts (an n-gram counts as often as it occurs in both), where
 * js-rouge's own `n` counts distinct n-grams and so scores a text with a repeated word
 * below 1 against itself.
 */
export const rouge: AssertionHandler = (input) => {
  const reference = requireText(input);
  const threshold = input.assertion.threshold ?? 0.75;
  const score = rougeOne(input.outputText.toLowerCase(), reference.toLowerCase());
  const pass = score >= threshold !== input.inverse;
  return {
    pass,
    score: input.inverse ? 1 - score : score,
    reason: pass ? `ROUGE-N ${score.toFixed(2)} ${input.inverse ? "<" : "≥"} ${threshold}` : `ROUGE-N ${score.toFixed(2)} is ${input.inverse ? "at least" : "less than"} the threshold ${threshold}`,
  };
};

function rougeOne(candidate: string, reference: string): number {
  const candidateGrams = nGram(treeBankTokenize(candidate), 1);
  const referenceGrams = nGram(treeBankTokenize(reference), 1);
  if (candidateGrams.length === 0 || referenceGrams.length === 0) return 0;
  const left = new Map<string, number>();
  for (const gram of referenceGrams) left.set(gram, (left.get(gram) ?? 0) + 1);
  let overlap = 0;
  for (const gram of candidateGrams) {
    const count = left.get(gram) ?? 0;
    if (count > 0) {
      overlap += 1;
      left.set(gram, count - 1);
    }
  }
  return overlap === 0 ? 0 : fMeasure(overlap / candidateGrams.length, overlap / referenceGrams.length);
}
