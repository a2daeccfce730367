/** JSON value as it appears in a JSON schema. */
type SchemaValue = unknown;

const keptKeys = new Set([
  "type", "properties", "required", "additionalProperties", "items", "prefixItems", "minItems", "maxItems",
  "enum", "const", "oneOf", "$defs", "$ref", "description", "minLength", "maxLength", "minProperties", "maxProperties",
]);
const supportedFormats = new Set(["date-time", "time", "date"]);

/**
 * Rewrites a JSON schema (as the AI SDK produces from zod or a plain JSON schema) into the
 * subset node-llama-cpp turns into a grammar: `anyOf` becomes `oneOf`, draft-07
 * `definitions` become `$defs`, and keywords a grammar cannot enforce (`pattern`,
 * `minimum`, `$schema`, ...) are dropped; the model output is still validated by the caller.
 */
export function toGrammarSchema(schema: SchemaValue): SchemaValue {
  if (Array.isArray(schema)) return schema.map(toGrammarSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const input = schema as Record<string, SchemaValue>;
  const output: Record<string, SchemaValue> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === "anyOf") output.oneOf = toGrammarSchema(value);
    else if (key === "definitions") output.$defs = mapValues(value);
    else if (key === "$ref" && typeof value === "string") output.$ref = value.replace("#/definitions/", "#/$defs/");
    else if (key === "format" && typeof value === "string" && supportedFormats.has(value)) output.format = value;
    else if (key === "properties" || key === "$defs") output[key] = mapValues(value);
    else if (keptKeys.has(key)) output[key] = toGrammarSchema(value);
  }
  if (output.type === "object" && output.properties === undefined && output.additionalProperties === undefined) {
    output.additionalProperties = true;
  }
  if (Object.keys(output).length === 0) return { type: ["string", "number", "boolean", "null", "object", "array"] };
  return output;
}

function mapValues(value: SchemaValue): SchemaValue {
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value as Record<string, SchemaValue>).map(([key, item]) => [key, toGrammarSchema(item)]));
}
