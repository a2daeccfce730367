import path from "node:path";
import type { AssertionHandler } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { normalizeScriptResult } from "./normalize-script-result.js";
import { scriptContext, scriptReference } from "./script-context.js";
import { ScriptThrewError, ScriptTimeoutError } from "./script-errors.js";

/**
 * `python`: an inline expression (`output.lower().startswith("yes")`), a multi-line body
 * that returns, or `file://check.py[:function]` (default `get_assert(output, context)`),
 * run in a `python3` subprocess with a time limit. A raised exception fails the
 * assertion; a timeout makes the cell an error.
 */
export const python: AssertionHandler = async (input) => {
  const { assertion, services, value, inverse } = input;
  if (typeof value !== "string" || value.trim() === "") throw new AssertionValueError('"python" needs code or a file:// reference as its value');
  const timeoutMs = assertion.timeoutMs ?? services.scriptTimeoutMs;
  const job = { output: input.output, context: scriptContext(input), timeoutMs };
  let result: unknown;
  try {
    if (value.startsWith("file://")) {
      const { file, functionName } = scriptReference(value);
      result = await services.scripts.python({ ...job, file: path.resolve(services.baseDir, file), functionName });
    } else result = await services.scripts.python({ ...job, code: value.trimEnd() });
  } catch (error) {
    if (error instanceof ScriptTimeoutError) return { pass: false, score: 0, reason: error.message, error: true };
    if (error instanceof ScriptThrewError) return { pass: false, score: 0, reason: error.message };
    throw error;
  }
  return normalizeScriptResult(result, { inverse, threshold: assertion.threshold, language: "python" });
};
