import path from "node:path";
import { parseTraceFilters } from "../../datasets/index.js";
import { comparisonToText, improve } from "../../finetune/index.js";
import type { Hyperparameters } from "../../finetune/index.js";
import type { CommandContext } from "../command-context.js";
import type { ImproveCommandOptions } from "../commands/improve.js";
import { colors } from "../output/terminal.js";
import { startTrainingProgress } from "../output/training-progress.js";
import { splitFlags } from "./dataset-build-options.js";
import { trainingSetupConsent } from "./training-setup-consent.js";

/** `flywheel improve`. */
export async function improveCommand(context: CommandContext, options: ImproveCommandOptions): Promise<number> {
  const flywheel = await context.flywheel();
  const hosted = options.engine !== undefined && options.engine !== "local";
  const hyperparameters: Hyperparameters = {
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    ...(options.learningRate === undefined ? {} : hosted ? { learningRateMultiplier: options.learningRate } : { learningRate: options.learningRate }),
    ...(options.rank === undefined ? {} : { rank: options.rank }),
    ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const allowSetup = await trainingSetupConsent(context, flywheel, options);
  const line = startTrainingProgress(context.terminal);
  const outDir = path.resolve(options.out ?? process.cwd());
  try {
    const report = await improve(flywheel, {
      selection: parseTraceFilters(typeof options.fromTraces === "string" ? options.fromTraces : ""),
      selectionText: typeof options.fromTraces === "string" ? options.fromTraces : "",
      baseModel: options.base,
      ...(options.engine === undefined ? {} : { engine: options.engine }),
      gate: options.gate,
      ...(options.dataset === undefined ? {} : { dataset: options.dataset }),
      ...(options.name === undefined ? {} : { name: options.name }),
      hyperparameters,
      split: splitFlags(options),
      ...(options.suite === undefined ? {} : { suites: options.suite }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      outDir,
      fresh: options.fresh === true,
      allowSetup,
      signal: context.signal,
      onProgress: (progress) => line.update(progress),
      onStep: (step, status, detail) => context.terminal.info(colors.dim(`${step} ${status}${detail === undefined ? "" : `: ${detail}`}`)),
    });
    line.stop();
    if (options.json === true) context.terminal.line(JSON.stringify(report, null, 2));
    else {
      if (report.steps.compare !== undefined) context.terminal.line(comparisonToText(report.steps.compare));
      const gate = report.steps.gate;
      if (gate !== undefined) {
        context.terminal.line(`gate ${gate.rule}: ${gate.pass ? colors.green("passed") : colors.red("not passed")}`);
        for (const check of gate.checks) context.terminal.line(`  ${check}`);
      }
      if (report.steps.finetune?.model !== undefined) context.terminal.line(`tuned model: ${report.steps.finetune.model}`);
    }
    context.terminal.info(colors.dim(`wrote ${path.join(outDir, "improve-report.md")} and improve-report.json`));
    if (report.status === "failed" && report.error !== undefined) {
      process.stderr.write(`${colors.red("error:")} ${report.error.message}\n${report.error.hint === undefined ? "" : `${colors.dim("hint:")} ${report.error.hint}\n`}`);
    }
    return report.status === "passed" ? 0 : 1;
  } finally {
    line.stop();
  }
}
