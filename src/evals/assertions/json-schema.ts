import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { AssertionValueError } from "./assertion-types.js";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A compiled JSON-schema validator for an assertion value (an object, or YAML/JSON text); cached by content. */
export function jsonSchemaValidator(schema: unknown): ValidateFunction {
  const value = typeof schema === "string" ? parseSchemaText(schema) : schema;
  if (typeof value !== "object" && typeof value !== "boolean") throw new AssertionValueError("a JSON schema must be an object");
  const key = JSON.stringify(value);
  let validate = compiled.get(key);
  if (validate === undefined) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: false }));
    try {
      validate = ajv.compile(value as object);
    } catch (error) {
      throw new AssertionValueError(`invalid JSON schema: ${error instanceof Error ? error.message : String(error)}`);
    }
    compiled.set(key, validate);
  }
  return validate;
}

/** A one-line description of a validator's last errors. */
export function schemaErrorsText(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((error) => `${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`).join("; ");
}

function parseSchemaText(text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new AssertionValueError(`invalid JSON schema text: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }
}

/** True when an assertion value carries a schema to check against. */
export function hasSchema(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}
