import type { Flywheel } from "../../runtime/index.js";
import type { EvalSuite } from "../suite/eval-suite.js";

/** Model ids name models the registry can build: an unknown provider is a config error (exit 2), not thousands of failed cells. */
export function checkProviders(flywheel: Flywheel, suite: EvalSuite): void {
  for (const target of suite.targets) if (target.kind === "model") flywheel.model(target.modelId);
}
