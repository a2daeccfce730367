import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult } from "./assertion-types.js";
import { valueList } from "./value-list.js";

/** `contains-all`: the output contains every value (case-sensitive). */
export const containsAll: AssertionHandler = (input) => {
  const values = valueList(input);
  const missing = values.filter((value) => !input.outputText.includes(value));
  return booleanResult(missing.length === 0, input.inverse, (not) => (not ? `expected the output to not contain all of [${values.join(", ")}]` : `expected the output to contain all of [${values.join(", ")}]; missing [${missing.join(", ")}]`));
};
