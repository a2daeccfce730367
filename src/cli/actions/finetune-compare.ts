import { UsageError } from "../../errors/index.js";
import type { JobRecord } from "../../jobs/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { CommandContext } from "../command-context.js";

/** Compares a finished job's tuned model with its base and prints the report. */
export function compareJobAndPrint(_context: CommandContext, _flywheel: Flywheel, job: JobRecord, _options: { json?: boolean }): Promise<void> {
  return Promise.reject(new UsageError(`comparison of job ${job.jobId} is not available yet`));
}

/** `flywheel finetune compare`. */
export function compareFinetune(_context: CommandContext, job: string, _options: Record<string, unknown>): Promise<void> {
  return Promise.reject(new UsageError(`comparison of job ${job} is not available yet`));
}
