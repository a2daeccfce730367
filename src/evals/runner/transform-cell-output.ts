import { applyTransform } from "../assertions/apply-transform.js";
import type { AssertionServices } from "../assertions/assertion-types.js";
import type { EvalTest, SuitePrompt, TargetSpec } from "../suite/eval-suite.js";

/** Options for `transformCellOutput`. */
export interface TransformCellOutputOptions {
  output: unknown;
  target: TargetSpec;
  test: EvalTest;
  /** The cell's vars (after `transformVars` and stored outputs). */
  vars: Record<string, unknown>;
  /** The variant's prompt, when it has one. */
  prompt: SuitePrompt | undefined;
  /** Metadata from the target. */
  metadata: Record<string, unknown> | undefined;
  services: AssertionServices;
}

/**
 * Applies the target's `transform`, then the test's (`options.transform`, else
 * `options.postprocess`), as promptfoo does. Returns the final output and the output after
 * the target's transform alone, which `contextTransform` reads.
 */
export async function transformCellOutput(options: TransformCellOutputOptions): Promise<{ output: unknown; targetOutput: unknown }> {
  const { target, test, vars, services } = options;
  // promptfoo's `context.prompt` here is the prompt object: its template as `raw`, and its label.
  const prompt = options.prompt === undefined ? {} : { raw: options.prompt.template, label: options.prompt.label };
  let output = options.output;
  if (target.transform !== undefined) output = await applyTransform({ transform: target.transform, input: output, context: { vars, prompt }, services });
  const targetOutput = output;
  if (test.transform !== undefined) {
    output = await applyTransform({ transform: test.transform, input: output, context: { vars, prompt, ...(options.metadata === undefined ? {} : { metadata: options.metadata }) }, services });
  }
  return { output, targetOutput };
}
