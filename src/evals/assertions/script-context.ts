import type { AssertionInput } from "./assertion-types.js";

/** The `context` argument javascript and python assertions receive (plain data). */
export function scriptContext(input: AssertionInput): Record<string, unknown> {
  return {
    prompt: input.prompt,
    vars: input.vars,
    test: { description: input.test.description, vars: input.test.vars, metadata: input.test.metadata },
    config: input.assertion.config ?? {},
    context: input.context,
    trajectory: input.trajectory,
    metadata: input.metadata,
    latencyMs: input.latencyMs,
    costUsd: input.costUsd,
  };
}

/** Splits `file://path.py:function` into the path and the function name. */
export function scriptReference(value: string): { file: string; functionName: string | undefined } {
  const reference = value.slice("file://".length);
  const match = /^(.*\.(?:py|[cm]?[jt]s))(?::([A-Za-z_$][\w$]*))?$/.exec(reference);
  return match === null ? { file: reference, functionName: undefined } : { file: match[1]!, functionName: match[2] };
}
