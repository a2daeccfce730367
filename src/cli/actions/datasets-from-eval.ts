import { createDatasetFromEval as createFromEval } from "../../datasets/index.js";
import type { CleanOptions, SplitOptions } from "../../datasets/index.js";
import type { CommandContext } from "../command-context.js";
import { printSaved } from "./datasets-report.js";

/** `datasets create --from-eval <run> [--failed-only]`. */
export async function createDatasetFromEval(
  context: CommandContext,
  options: { name: string; run: string; failedOnly: boolean; settings: { clean: CleanOptions; split: SplitOptions }; json?: boolean },
): Promise<void> {
  const flywheel = await context.flywheel();
  const saved = await createFromEval(flywheel, { name: options.name, run: options.run, failedOnly: options.failedOnly, ...options.settings });
  const source = saved.sourceReport;
  printSaved(context.terminal, saved, {
    json: options.json,
    lines: [
      `  ${"source".padEnd(14)}${source.cells} cells, ${source.rows} rows; skipped ${source.skipped.passed} passed, ${source.skipped.errors} errors, ${source.skipped.noExpected} without an expected reply`,
    ],
  });
}
