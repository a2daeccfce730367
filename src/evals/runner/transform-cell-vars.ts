import { randomUUID } from "node:crypto";
import { TransformError, applyTransform } from "../assertions/apply-transform.js";
import type { AssertionServices } from "../assertions/assertion-types.js";
import type { EvalTest } from "../suite/eval-suite.js";

/**
 * The vars a cell renders with: the test's vars, merged with what its `transformVars`
 * returns, then the outputs earlier tests stored (`storeOutputAs`), which win over both, as
 * in promptfoo.
 */
export async function transformCellVars(test: EvalTest, stored: Record<string, unknown>, services: AssertionServices): Promise<Record<string, unknown>> {
  let vars = test.vars;
  if (test.transformVars !== undefined) {
    // promptfoo passes an empty prompt and a fresh uuid as the context of transformVars.
    const returned = await applyTransform({ transform: test.transformVars, input: vars, parameter: "vars", context: { prompt: {}, uuid: randomUUID() }, services });
    if (typeof returned !== "object") throw new TransformError(test.transformVars.where, `it returned ${typeof returned}, not an object of vars`);
    vars = { ...vars, ...(returned as Record<string, unknown>) };
  }
  return { ...vars, ...stored };
}
