import type { AssertionHandler } from "./assertion-types.js";
import { extractJsonObjects } from "./extract-json-objects.js";
import { hasSchema, jsonSchemaValidator, schemaErrorsText } from "./json-schema.js";

/** `contains-json`: the output holds a JSON object somewhere; with a value, one of them must match that schema. */
export const containsJson: AssertionHandler = ({ outputText, value, inverse }) => {
  const objects = extractJsonObjects(outputText);
  if (objects.length > 0 && hasSchema(value)) {
    const validate = jsonSchemaValidator(value);
    const matching = objects.some((object) => validate(object));
    const pass = matching !== inverse;
    if (pass) return { pass, score: 1, reason: "assertion passed" };
    return { pass, score: 0, reason: inverse ? "the output contains JSON that matches the schema" : `no JSON in the output matches the schema: ${schemaErrorsText(validate)}` };
  }
  const pass = objects.length > 0 !== inverse;
  return { pass, score: pass ? 1 : 0, reason: pass ? "assertion passed" : inverse ? "expected the output to contain no JSON" : "expected the output to contain valid JSON" };
};
