import type { AssertionSpec } from "../suite/eval-suite.js";
import { TransformError, applyTransform } from "./apply-transform.js";
import type { AssertionInput } from "./assertion-types.js";

/**
 * What one assertion sees of its cell: its `transform` applied to the output, and its
 * `contextTransform` applied to the target's output (after the provider's transform, before
 * the test's) as the context of context-* assertions. As in promptfoo, both get
 * `{ vars, prompt: { label: <rendered prompt> }, metadata }`.
 */
export async function transformAssertionInput<T extends Omit<AssertionInput, "assertion" | "baseType" | "inverse" | "value">>(spec: AssertionSpec, input: T): Promise<T> {
  if (spec.transform === undefined && spec.contextTransform === undefined) return input;
  const context = { vars: input.vars, prompt: { label: input.prompt }, ...(input.metadata === undefined ? {} : { metadata: input.metadata }) };
  let transformed = input;
  if (spec.transform !== undefined) {
    const output = await applyTransform({ transform: spec.transform, input: input.output, context, services: input.services });
    transformed = { ...transformed, output, outputText: typeof output === "string" ? output : (JSON.stringify(output) ?? "") };
  }
  if (spec.contextTransform !== undefined) {
    const value = await applyTransform({ transform: spec.contextTransform, input: input.targetOutput ?? input.output, context, services: input.services });
    const valid = typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
    if (!valid) throw new TransformError(spec.contextTransform.where, `it returned ${typeof value}, not a string or a list of strings`);
    transformed = { ...transformed, context: value as string | string[] };
  }
  return transformed;
}
