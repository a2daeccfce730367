import type { AssertionHandler } from "./assertion-types.js";
import { checkFunctionCall, declaredFunctions } from "./is-valid-openai-function-call.js";

/**
 * `is-valid-openai-tools-call`: the output is a non-empty `tool_calls` array (or a message
 * carrying one) whose every call names a declared tool with arguments that match its
 * schema. As in promptfoo, a `not-` prefix changes nothing.
 */
export const isValidOpenAiToolsCall: AssertionHandler = ({ output, metadata }) => {
  const calls = typeof output === "object" && output !== null && "tool_calls" in output ? (output as { tool_calls: unknown }).tool_calls : output;
  const valid = Array.isArray(calls) && calls.length > 0 && calls.every((call: { function?: { name?: unknown; arguments?: unknown } } | null) => typeof call?.function?.name === "string" && typeof call.function.arguments === "string");
  if (!valid) return { pass: false, score: 0, reason: `the output is not a tools call: ${JSON.stringify(calls)}` };
  const functions = declaredFunctions(metadata);
  if (functions === undefined) return { pass: false, score: 0, reason: "the target declared no tools, but the output holds tool calls" };
  for (const call of calls as { function: unknown }[]) {
    const result = checkFunctionCall(call.function, functions);
    if (!result.pass) return result;
  }
  return { pass: true, score: 1, reason: "assertion passed" };
};
