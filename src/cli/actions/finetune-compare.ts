import { writeFile } from "node:fs/promises";
import { compareFineTuneJob, comparisonToMarkdown, comparisonToText } from "../../finetune/index.js";
import type { ComparisonReport } from "../../finetune/index.js";
import type { JobRecord } from "../../jobs/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { CommandContext } from "../command-context.js";
import { startSpinner } from "../output/spinner.js";

/** Options of the comparison commands. */
export interface CompareCommandOptions {
  suite?: string;
  maxTokens?: number;
  confidence?: number;
  json?: boolean;
  markdown?: string;
}

/** Compares a finished job's tuned model with its base and prints the report. */
export async function compareJobAndPrint(context: CommandContext, flywheel: Flywheel, job: JobRecord, options: CompareCommandOptions): Promise<ComparisonReport> {
  const spinner = startSpinner(context.terminal, `comparing ${String(job.result?.model)} with ${String(job.payload.baseModel)} on the test split`);
  let report: ComparisonReport;
  try {
    report = await compareFineTuneJob(flywheel, job.jobId, {
      ...(options.suite === undefined ? {} : { suites: [options.suite] }),
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
      ...(options.confidence === undefined ? {} : { confidence: options.confidence }),
      signal: context.signal,
    });
  } finally {
    spinner.stop();
  }
  if (options.markdown !== undefined) await writeFile(options.markdown, `${comparisonToMarkdown(report)}\n`);
  context.terminal.line(options.json === true ? JSON.stringify(report, null, 2) : comparisonToText(report));
  return report;
}

/** `flywheel finetune compare`. */
export async function compareFinetune(context: CommandContext, jobId: string, options: CompareCommandOptions): Promise<void> {
  const flywheel = await context.flywheel();
  const job = await flywheel.jobs.get(jobId);
  await compareJobAndPrint(context, flywheel, job, options);
}
