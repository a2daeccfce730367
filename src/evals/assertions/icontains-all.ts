import type { AssertionHandler } from "./assertion-types.js";
import { booleanResult } from "./assertion-types.js";
import { valueList } from "./value-list.js";

/** `icontains-all`: the output contains every value, ignoring case. */
export const icontainsAll: AssertionHandler = (input) => {
  const values = valueList(input);
  const output = input.outputText.toLowerCase();
  const missing = values.filter((value) => !output.includes(value.toLowerCase()));
  return booleanResult(missing.length === 0, input.inverse, (not) => (not ? `expected the output to not contain all of [${values.join(", ")}] (any case)` : `expected the output to contain all of [${values.join(", ")}] (any case); missing [${missing.join(", ")}]`));
};
