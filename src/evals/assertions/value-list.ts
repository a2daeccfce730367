import type { AssertionInput } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { commaSeparatedValues } from "./comma-separated-values.js";

/** The value as a list: a list as given, or a comma-separated string split. */
export function valueList(input: AssertionInput): string[] {
  const { value } = input;
  if (Array.isArray(value) && value.length > 0) return value.map(String);
  if (typeof value === "string" && value.trim() !== "") return commaSeparatedValues(value);
  throw new AssertionValueError(`"${input.assertion.type}" needs a list of values (or a comma-separated string)`);
}
