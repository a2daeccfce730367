import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult, requireText } from "./assertion-types.js";

/** `contains`: the output contains the value (case-sensitive). */
export const contains: AssertionHandler = (input) => {
  const expected = requireText(input);
  return booleanResult(input.outputText.includes(expected), input.inverse, (not) => `expected the output to ${not ? "not " : ""}contain "${expected}"`);
};
