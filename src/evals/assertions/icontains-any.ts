import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult } from "./assertion-types.js";
import { valueList } from "./value-list.js";

/** `icontains-any`: the output contains at least one of the values, ignoring case. */
export const icontainsAny: AssertionHandler = (input) => {
  const values = valueList(input);
  const output = input.outputText.toLowerCase();
  return booleanResult(values.some((value) => output.includes(value.toLowerCase())), input.inverse, (not) => `expected the output to ${not ? "not " : ""}contain one of "${values.join(", ")}" (any case)`);
};
