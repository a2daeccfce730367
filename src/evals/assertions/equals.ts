import { isDeepStrictEqual } from "node:util";
import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult } from "./assertion-types.js";

/** `equals`: the output is exactly the value; an object value is compared with the output parsed as JSON. */
export const equals: AssertionHandler = ({ value, outputText, inverse }) => {
  if (typeof value === "object" && value !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(outputText);
    } catch {
      return booleanResult(false, inverse, () => "expected the output to be JSON equal to the value, but it is not JSON");
    }
    return booleanResult(isDeepStrictEqual(value, parsed), inverse, (not) => `expected the output to ${not ? "not " : ""}equal ${JSON.stringify(value)}`);
  }
  const expected = String(value ?? "");
  return booleanResult(outputText === expected, inverse, (not) => `expected "${clip(outputText)}" to ${not ? "not " : ""}equal "${clip(expected)}"`);
};

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
