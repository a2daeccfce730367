import { n as rougeN } from "js-rouge";
import type { AssertionHandler } from "./assertion-types.js";
import { requireText } from "./assertion-types.js";

/** `rouge-n`: ROUGE-1 F-measure of the output against the reference reaches the threshold (default 0.75). */
export const rouge: AssertionHandler = (input) => {
  const reference = requireText(input);
  const threshold = input.assertion.threshold ?? 0.75;
  const score = rougeN(input.outputText, reference, {});
  const pass = score >= threshold !== input.inverse;
  return {
    pass,
    score: input.inverse ? 1 - score : score,
    reason: pass ? `ROUGE-N ${score.toFixed(2)} ${input.inverse ? "<" : "≥"} ${threshold}` : `ROUGE-N ${score.toFixed(2)} is ${input.inverse ? "at least" : "less than"} the threshold ${threshold}`,
  };
};
