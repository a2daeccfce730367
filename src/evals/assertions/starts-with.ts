import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult, requireText } from "./assertion-types.js";

/** `starts-with`: the output begins with the value. */
export const startsWith: AssertionHandler = (input) => {
  const prefix = requireText(input);
  return booleanResult(input.outputText.startsWith(prefix), input.inverse, (not) => `expected the output to ${not ? "not " : ""}start with "${prefix}"`);
};
