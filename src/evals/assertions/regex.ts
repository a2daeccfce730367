import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult, requireText } from "./assertion-types.js";

/** `regex`: the output matches the JavaScript regular expression. An invalid pattern fails with the reason. */
export const regex: AssertionHandler = (input) => {
  const pattern = requireText(input);
  let expression: RegExp;
  try {
    expression = new RegExp(pattern);
  } catch (error) {
    return { pass: false, score: 0, reason: `invalid regular expression: ${error instanceof Error ? error.message : String(error)}` };
  }
  return booleanResult(expression.test(input.outputText), input.inverse, (not) => `expected the output to ${not ? "not " : ""}match /${pattern}/`);
};
