import { createDatasetFromTraces, importDataset } from "../../datasets/index.js";
import type { ImportFormat } from "../../datasets/index.js";
import { parseCsvMapping } from "../../datasets/index.js";
import { UsageError } from "../../errors/index.js";
import type { CommandContext } from "../command-context.js";
import type { DatasetsCreateOptions, DatasetsImportOptions } from "../commands/datasets.js";
import { datasetBuildSettings } from "./dataset-build-options.js";
import { printSaved } from "./datasets-report.js";

/** `flywheel datasets create`. */
export async function createDataset(context: CommandContext, name: string, options: DatasetsCreateOptions): Promise<void> {
  if ((options.fromTraces === true) === (options.fromEval !== undefined)) {
    throw new UsageError("say where the rows come from", "pass --from-traces or --from-eval <run>");
  }
  if (options.feedback !== undefined && options.feedback !== "good" && options.feedback !== "bad") {
    throw new UsageError(`unknown feedback filter "${options.feedback}"`, "use --feedback good or --feedback bad");
  }
  const flywheel = await context.flywheel();
  const settings = datasetBuildSettings(options, flywheel);
  if (options.fromEval !== undefined) {
    const { createDatasetFromEval } = await import("./datasets-from-eval.js");
    await createDatasetFromEval(context, { name, run: options.fromEval, failedOnly: options.failedOnly === true, settings, json: options.json });
    return;
  }
  const saved = await createDatasetFromTraces(flywheel, {
    name,
    selection: {
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.since === undefined ? {} : { since: Date.now() - options.since }),
      ...(options.tag === undefined ? {} : { tag: options.tag }),
      ...(options.prompt === undefined ? {} : { prompt: options.prompt }),
      ...(options.feedback === undefined ? {} : { feedback: options.feedback as "good" | "bad" }),
      ...(options.minScore === undefined ? {} : { minScore: options.minScore }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    },
    ...settings,
  });
  const source = saved.sourceReport;
  printSaved(context.terminal, saved, {
    json: options.json,
    lines: [
      `  ${"source".padEnd(14)}${source.tracesRead} traces read, ${source.rows} rows, ${source.corrected} corrected by feedback; skipped ${source.skipped.failed} failed, ${source.skipped.filtered} filtered out, ${source.skipped.noContent} without content`,
    ],
  });
}

/** `flywheel datasets import`. */
export async function importDatasetFile(context: CommandContext, name: string, file: string, options: DatasetsImportOptions): Promise<void> {
  if (options.format !== undefined && !["openai", "csv", "promptfoo"].includes(options.format)) {
    throw new UsageError(`unknown import format "${options.format}"`, "use --format openai, csv or promptfoo");
  }
  const flywheel = await context.flywheel();
  const settings = datasetBuildSettings(options, flywheel);
  const result = await importDataset(flywheel, {
    name,
    file,
    ...(options.format === undefined ? {} : { format: options.format as ImportFormat }),
    ...(options.map === undefined ? {} : { mapping: parseCsvMapping(options.map) }),
    ...(options.inputVar === undefined ? {} : { inputVar: options.inputVar }),
    ...(options.outputVar === undefined ? {} : { outputVar: options.outputVar }),
    strict: options.strict === true,
    clean: settings.clean,
    split: options.keepSplit === true ? "keep" : settings.split,
    // Printed before the rows are stored: a later failure (too few rows to split) must not hide them.
    onProblems: (problems) => {
      const outcome = options.strict === true ? "" : " (skipped)";
      for (const problem of problems.slice(0, 20)) context.terminal.warn(`${file}:${problem.line}: ${problem.reason}${outcome}`);
      if (problems.length > 20) context.terminal.warn(`${file}: ${problems.length - 20} more bad rows${outcome}`);
    },
  });
  printSaved(context.terminal, result, {
    json: options.json,
    lines: [`  ${"source".padEnd(14)}${result.read} rows read, ${result.problems.length} skipped`],
  });
}
