import type { AssertionHandler, AssertionResult } from "./assertion-types.js";
import { jsonSchemaValidator } from "./json-schema.js";

/**
 * `is-valid-openai-function-call` (and `is-valid-function-call`): the output is a function
 * call (`{name, arguments}` or a message carrying `function_call`) to a function the target
 * declared, with arguments that match its parameters schema. As in promptfoo, a `not-`
 * prefix changes nothing.
 */
export const isValidOpenAiFunctionCall: AssertionHandler = ({ output, metadata }) => {
  const call = typeof output === "object" && output !== null && "function_call" in output ? (output as { function_call: unknown }).function_call : output;
  return checkFunctionCall(call, declaredFunctions(metadata));
};

/** A declared function, as the model target reports it in its metadata. */
interface Declared {
  name: string;
  parameters: Record<string, unknown>;
}

/** The functions or tools the model target sent with the call. */
export function declaredFunctions(metadata: Record<string, unknown> | undefined): Declared[] | undefined {
  return metadata?.functions as Declared[] | undefined;
}

/** promptfoo's check of one call against the declared functions. */
export function checkFunctionCall(call: unknown, functions: Declared[] | undefined): AssertionResult {
  const { name, arguments: argumentsText } = (typeof call === "object" && call !== null ? call : {}) as { name?: unknown; arguments?: unknown };
  if (typeof name !== "string" || typeof argumentsText !== "string") return failed(`the output is not a function call: ${JSON.stringify(call)}`);
  let input: unknown;
  try {
    input = JSON.parse(argumentsText);
  } catch {
    return failed(`the arguments of "${name}" are not JSON: ${argumentsText}`);
  }
  const declared = functions?.find((candidate) => candidate.name === name);
  if (declared === undefined) return failed(`called "${name}", but there is no function with that name`);
  const validate = jsonSchemaValidator(declared.parameters);
  if (!validate(input)) return failed(`the call to "${name}" does not match its schema: ${JSON.stringify(validate.errors)}`);
  return { pass: true, score: 1, reason: "assertion passed" };
}

function failed(reason: string): AssertionResult {
  return { pass: false, score: 0, reason };
}
