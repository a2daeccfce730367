import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult } from "./assertion-types.js";
import { valueList } from "./value-list.js";

/** `contains-any`: the output contains at least one of the values (case-sensitive). */
export const containsAny: AssertionHandler = (input) => {
  const values = valueList(input);
  return booleanResult(values.some((value) => input.outputText.includes(value)), input.inverse, (not) => `expected the output to ${not ? "not " : ""}contain one of "${values.join(", ")}"`);
};
