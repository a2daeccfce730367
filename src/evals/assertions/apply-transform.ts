import path from "node:path";
import { FlywheelError } from "../../errors/index.js";
import type { TransformSpec } from "../suite/eval-suite.js";
import type { AssertionServices } from "./assertion-types.js";
import { scriptReference } from "./script-context.js";

/** Options for `applyTransform`. */
export interface ApplyTransformOptions {
  transform: TransformSpec;
  /** What the transform receives first: the output, or the test's vars (`transformVars`). */
  input: unknown;
  /** Name of the first parameter of inline code (default `output`). */
  parameter?: "output" | "vars";
  /** The second argument (`context.vars`, `context.prompt`, ...). */
  context: Record<string, unknown>;
  services: Pick<AssertionServices, "baseDir" | "scriptTimeoutMs" | "scripts">;
}

/** A transform threw, timed out, or returned nothing: the cell becomes an error with this message. */
export class TransformError extends FlywheelError {
  constructor(where: string, reason: string) {
    super({ code: "transform-failed", message: `the transform at ${where} failed: ${reason}`, hint: "fix the transform; it receives the output (or vars) and a context with vars and prompt, and must return a value" });
    this.name = "TransformError";
  }
}

/**
 * Runs a promptfoo transform (`transform`, `postprocess`, `transformVars`,
 * `contextTransform`) in the script sandbox, never in this realm: inline JavaScript (one
 * line is an expression, several lines are a function body), `file://x.js[:name]`, or
 * `file://x.py[:name]` (default `get_transform`). As in promptfoo, a result of `null` or
 * `undefined` is an error.
 */
export async function applyTransform(options: ApplyTransformOptions): Promise<unknown> {
  const { transform, input, context, services } = options;
  const timeoutMs = services.scriptTimeoutMs;
  let result: unknown;
  try {
    if (transform.code.startsWith("file://")) {
      const { file, functionName } = scriptReference(transform.code);
      const absolute = path.resolve(services.baseDir, file);
      result = file.endsWith(".py")
        ? await services.scripts.python({ file: absolute, functionName: functionName ?? "get_transform", output: input, context, timeoutMs })
        : await services.scripts.javascript({ file: absolute, functionName, transform: { parameter: "output" }, output: input, context, timeoutMs });
    } else {
      result = await services.scripts.javascript({ code: transform.code, transform: { parameter: options.parameter ?? "output" }, output: input, context, timeoutMs });
    }
  } catch (error) {
    throw new TransformError(transform.where, error instanceof Error ? error.message : String(error));
  }
  if (result === null || result === undefined) throw new TransformError(transform.where, "it returned no value");
  return result;
}
