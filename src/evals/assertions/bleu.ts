import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { bleuScore } from "./bleu-score.js";

/** `bleu`: sentence BLEU of the output against one reference or a list of them reaches the threshold (default 0.5). */
export const bleu: AssertionHandler = ({ value, outputText, assertion, inverse }) => {
  const references = typeof value === "string" ? [value] : Array.isArray(value) && value.every((item) => typeof item === "string") ? (value as string[]) : undefined;
  if (references === undefined || references.length === 0) throw new AssertionValueError('"bleu" needs a reference string or a list of them');
  const threshold = assertion.threshold ?? 0.5;
  const score = bleuScore(outputText, references);
  const pass = score >= threshold !== inverse;
  return {
    pass,
    score: inverse ? 1 - score : score,
    reason: pass ? `BLEU ${score.toFixed(4)} ${inverse ? "<" : "≥"} ${threshold}` : `BLEU ${score.toFixed(4)} is ${inverse ? "at least" : "less than"} the threshold ${threshold}`,
  };
};
