import path from "node:path";
import type { AssertionHandler, AssertionInput } from "./assertion-types.js";
import { AssertionValueError } from "./assertion-types.js";
import { normalizeScriptResult } from "./normalize-script-result.js";
import { scriptContext, scriptReference } from "./script-context.js";
import { ScriptThrewError, ScriptTimeoutError } from "./script-errors.js";

/**
 * `javascript`: inline code (`output.length < 100`, `const n = JSON.parse(output).n; n > 2`,
 * or a multi-line body that returns) or `file://check.js[:name]` exporting
 * `(output, context) => boolean | number | { pass, score, reason }`. It runs in a worker
 * thread with a time limit; code that throws fails the assertion, code that never ends
 * makes the cell an error.
 */
export const javascript: AssertionHandler = async (input) => {
  const { assertion, inverse, services } = input;
  const timeoutMs = assertion.timeoutMs ?? services.scriptTimeoutMs;
  let result: unknown;
  try {
    result = await evaluate(input, timeoutMs);
  } catch (error) {
    if (error instanceof ScriptTimeoutError) return { pass: false, score: 0, reason: error.message, error: true };
    if (error instanceof ScriptThrewError || error instanceof Error) return { pass: false, score: 0, reason: `the javascript assertion threw: ${error.message}` };
    throw error;
  }
  return normalizeScriptResult(result, { inverse, threshold: assertion.threshold, language: "javascript" });
};

async function evaluate(input: AssertionInput, timeoutMs: number): Promise<unknown> {
  const { assertion, services, value } = input;
  const context = scriptContext(input);
  if (typeof assertion.value === "function") return inProcess(assertion.value as (output: unknown, context: unknown) => unknown, input.output, context, timeoutMs);
  if (typeof value !== "string" || value.trim() === "") throw new AssertionValueError('"javascript" needs code or a file:// reference as its value');
  if (value.startsWith("file://")) {
    const { file, functionName } = scriptReference(value);
    return services.scripts.javascript({ file: path.resolve(services.baseDir, file), functionName, output: input.output, context, timeoutMs });
  }
  return services.scripts.javascript({ code: value.trimEnd(), output: input.output, context, timeoutMs });
}

// A function given in a TS suite is the user's own code: it runs in this process, raced
// against the time limit (a synchronous endless loop there cannot be interrupted).
async function inProcess(fn: (output: unknown, context: unknown) => unknown, output: unknown, context: unknown, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScriptTimeoutError("javascript assertion", timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => fn(output, context)), timeout]);
  } catch (error) {
    if (error instanceof ScriptTimeoutError) throw error;
    throw new ScriptThrewError(error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
