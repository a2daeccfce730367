import type { CleanOptions, SplitOptions } from "../../datasets/index.js";
import { UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";

/** `datasets create --from-eval`: needs the eval store, which comes with the evals capability. */
export async function createDatasetFromEval(
  _context: CommandContext,
  options: { name: string; run: string; failedOnly: boolean; settings: { clean: CleanOptions; split: SplitOptions }; json?: boolean },
): Promise<void> {
  throw new UsageError(`cannot read eval run "${options.run}": eval runs are not stored in this build`, "import the cases instead: flywheel datasets import <name> <promptfoo.yaml>");
}
