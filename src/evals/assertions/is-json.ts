import type { AssertionHandler } from "./assertion-types.js";
import { hasSchema, jsonSchemaValidator, schemaErrorsText } from "./json-schema.js";

/** `is-json`: the whole output is JSON; with a value, it must also match that JSON schema. */
export const isJson: AssertionHandler = ({ outputText, value, inverse }) => {
  let parsed: unknown;
  let valid = true;
  try {
    parsed = JSON.parse(outputText);
  } catch {
    valid = false;
  }
  if (valid && hasSchema(value)) {
    const validate = jsonSchemaValidator(value);
    const conforms = validate(parsed);
    const pass = conforms !== inverse;
    if (!pass) return { pass, score: 0, reason: inverse ? "the output is JSON that matches the schema" : `the JSON does not match the schema: ${schemaErrorsText(validate)}` };
    return { pass, score: 1, reason: "assertion passed" };
  }
  const pass = valid !== inverse;
  return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : inverse ? "expected the output to not be JSON" : "expected the output to be valid JSON" };
};
