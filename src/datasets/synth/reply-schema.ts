import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import { UsageError } from "../../errors/index.js";

/** Compiles the JSON schema that synthetic replies must match; the reply must be JSON. */
export function compileReplySchema(schema: unknown): (reply: string) => string | undefined {
  let validate: ValidateFunction;
  try {
    validate = new Ajv({ allErrors: true, strict: false }).compile(schema as object);
  } catch (error) {
    throw new UsageError(`invalid JSON schema: ${error instanceof Error ? error.message : String(error)}`, "check the --schema file");
  }
  return (reply) => {
    let value: unknown;
    try {
      value = JSON.parse(reply);
    } catch {
      return "the reply is not JSON";
    }
    if (validate(value)) return undefined;
    return `the reply does not match the schema (${(validate.errors ?? []).map((error) => `${error.instancePath || "(root)"} ${error.message ?? ""}`).join("; ")})`;
  };
}
