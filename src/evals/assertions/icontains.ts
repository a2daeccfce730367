import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult, requireText } from "./assertion-types.js";

/** `icontains`: the output contains the value, ignoring case. */
export const icontains: AssertionHandler = (input) => {
  const expected = requireText(input);
  return booleanResult(input.outputText.toLowerCase().includes(expected.toLowerCase()), input.inverse, (not) => `expected the output to ${not ? "not " : ""}contain "${expected}" (any case)`);
};
