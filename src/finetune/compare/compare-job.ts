import { readDatasetRows, resolveDatasetVersion } from "../../datasets/index.js";
import { UsageError } from "../../errors/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { fineTuneJobPayloadSchema } from "../finetune-job.js";
import { compareModels } from "./compare-models.js";
import type { CompareModelsOptions } from "./compare-models.js";
import type { ComparisonReport } from "./comparison-report.js";

/** Options of `compareFineTuneJob`. */
export type CompareJobOptions = Pick<CompareModelsOptions, "suites" | "maxTokens" | "confidence" | "concurrency" | "signal">;

/**
 * Compares a finished job's tuned model with its base on the test split of the dataset
 * version it was trained on (plus any suites), and records the result as a job event.
 */
export async function compareFineTuneJob(flywheel: Flywheel, jobId: string, options: CompareJobOptions = {}): Promise<ComparisonReport> {
  const queue = flywheel.jobs;
  const job = await queue.get(jobId);
  if (job.state !== "succeeded" || typeof job.result?.model !== "string") {
    throw new UsageError(`job ${job.jobId.slice(0, 8)} has no tuned model (it is ${job.state})`, "compare a job that succeeded; see `flywheel finetune status <job>`");
  }
  const payload = fineTuneJobPayloadSchema.parse(job.payload);
  const version = await resolveDatasetVersion(flywheel.store, `${payload.dataset}@${payload.datasetVersion}`);
  const rows = await readDatasetRows(flywheel.store, version, { split: "test" });
  const report = await compareModels(flywheel, {
    ...options,
    baseModel: payload.baseModel,
    tunedModel: job.result.model,
    rows,
    rowsLabel: `test split of ${version.dataset}@${version.version}`,
    jobId: job.jobId,
    dataset: `${version.dataset}@${version.version}`,
  });
  const first = report.suites[0]!;
  await flywheel.store.jobs.appendEvent(job.jobId, {
    time: Date.now(),
    type: "comparison",
    data: { verdict: report.verdict, difference: first.difference, passFail: first.passFail, base: first.base.passRate.estimate, tuned: first.tuned.passRate.estimate, evalRunId: first.evalRunId },
  });
  return report;
}
