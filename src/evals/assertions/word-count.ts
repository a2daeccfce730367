import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";

/**
 * `word-count`: the output has exactly `value` words (whitespace-separated), or between
 * `{min, max}` (either may be left out), as promptfoo counts them.
 */
export const wordCount: AssertionHandler = ({ value, outputText, inverse }) => {
  const count = outputText.trim().split(/\s+/).filter((word) => word !== "").length;
  const result = (matched: boolean, failure: string, inverseFailure: string) => {
    const pass = matched !== inverse;
    return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : inverse ? inverseFailure : failure };
  };
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const { min, max } = value as { min?: number; max?: number };
    if (min === undefined && max === undefined) throw new AssertionValueError('"word-count" needs a number or {min, max}');
    if (min !== undefined && max !== undefined) {
      if (min > max) throw new AssertionValueError(`"word-count": min (${min}) must be at most max (${max})`);
      return result(count >= min && count <= max, `word count ${count} is not between ${min} and ${max}`, `expected the word count to not be between ${min} and ${max}, got ${count}`);
    }
    if (min === undefined) return result(count <= max!, `word count ${count} is greater than the maximum ${max}`, `expected the word count to be greater than ${max}, got ${count}`);
    return result(count >= min, `word count ${count} is less than the minimum ${min}`, `expected the word count to be less than ${min}, got ${count}`);
  }
  const expected = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
  if (Number.isNaN(expected)) throw new AssertionValueError('"word-count" needs a number or {min, max}');
  return result(count === expected, `word count ${count} does not equal ${expected}`, `expected the word count to not equal ${expected}, got ${count}`);
};
