import { randomUUID } from "node:crypto";
import { readDatasetRows, resolveDatasetVersion } from "../datasets/index.js";
import { UsageError } from "../errors/index.js";
import type { JobQueue, JobRecord, RunOptions } from "../jobs/index.js";
import type { Flywheel } from "../runtime/index.js";
import { fineTuneEngine } from "./engine-registry.js";
import { FINETUNE_QUEUE, fineTuneJobPayloadSchema } from "./finetune-job.js";
import type { FineTuneJobPayload, Hyperparameters } from "./finetune-job.js";

/** Options of `startFineTune`. */
export interface StartFineTuneOptions {
  /** `name` or `name@version` of the dataset; its train (and validation) split is used. */
  dataset: string;
  /** The model to tune. */
  baseModel: string;
  /** `local` (default) or a hosted engine such as `openai`. */
  engine?: string;
  /** Name of the tuned model (default `<dataset>-v<version>-<job id prefix>`). */
  name?: string;
  hyperparameters?: Hyperparameters;
  /** Compare tuned and base on the test split when training ends. */
  compare?: boolean;
  /** The queue to use (default: the runtime's `flywheel.jobs`). */
  queue?: JobQueue;
  /**
   * Install the engine's environment if it is missing (local: PyTorch and friends, several
   * GB). Default false: a missing environment fails before the job is queued, with a hint.
   */
  allowSetup?: boolean;
}

/**
 * Checks a fine-tuning request (dataset, base model, engine) and queues it as a job. Run it
 * with `runFineTuneJob`; any process can then list, watch or cancel it.
 */
export async function startFineTune(flywheel: Flywheel, options: StartFineTuneOptions): Promise<JobRecord> {
  const engineName = options.engine ?? "local";
  const engine = fineTuneEngine(engineName);
  const version = await resolveDatasetVersion(flywheel.store, options.dataset);
  if (version.splits.train === 0) {
    throw new UsageError(`${version.dataset}@${version.version} has no training rows`, "create the dataset with a train fraction above 0 (--split)");
  }
  const allowSetup = options.allowSetup === true;
  await engine.check(flywheel, { baseModel: options.baseModel, allowSetup });
  const jobId = randomUUID();
  const name = (options.name ?? `${version.dataset}-v${version.version}-${jobId.slice(0, 6)}`).toLowerCase().replace(/[^a-z0-9._-]+/g, "-");
  const payload: FineTuneJobPayload = fineTuneJobPayloadSchema.parse({
    name,
    engine: engineName,
    baseModel: options.baseModel,
    dataset: version.dataset,
    datasetVersion: version.version,
    hyperparameters: options.hyperparameters ?? {},
    ...(options.compare === undefined ? {} : { compare: options.compare }),
    ...(allowSetup ? { allowSetup } : {}),
  });
  const queue = options.queue ?? flywheel.jobs;
  return queue.enqueue(FINETUNE_QUEUE, payload, { jobId });
}

/** Options of `runFineTuneJob`. */
export interface RunFineTuneJobOptions extends Pick<RunOptions, "onEvent" | "onProgress"> {
  /** Stops the job (local: cancels training; hosted: stops watching, the job goes on). */
  signal?: AbortSignal;
  queue?: JobQueue;
}

/**
 * Runs (or resumes) a fine-tuning job in this process until it ends, reporting its events
 * and progress. A job another live process is running is watched instead.
 */
export async function runFineTuneJob(flywheel: Flywheel, jobId: string, options: RunFineTuneJobOptions = {}): Promise<JobRecord> {
  const queue = options.queue ?? flywheel.jobs;
  return queue.run(jobId, (context) => runFineTuneHandler(flywheel, context), {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
}

/** Runs one fine-tuning job claimed by any queue (in this process or a worker). */
export async function runFineTuneHandler(flywheel: Flywheel, context: Parameters<Parameters<JobQueue["run"]>[1]>[0]): Promise<Record<string, unknown>> {
  const payload = fineTuneJobPayloadSchema.parse(context.job.payload);
  const engine = fineTuneEngine(payload.engine);
  const version = await resolveDatasetVersion(flywheel.store, `${payload.dataset}@${payload.datasetVersion}`);
  const train = await readDatasetRows(flywheel.store, version, { split: "train" });
  const validation = await readDatasetRows(flywheel.store, version, { split: "validation" });
  await context.event("phase", { phase: "started", engine: engine.name, base: payload.baseModel, dataset: `${payload.dataset}@${payload.datasetVersion}`, trainRows: train.length, validationRows: validation.length });
  const outcome = await engine.run({ flywheel, job: context, payload, train, validation });
  return { model: outcome.model, engine: engine.name, baseModel: payload.baseModel, dataset: payload.dataset, datasetVersion: payload.datasetVersion, metrics: outcome.metrics, ...(outcome.details ?? {}) };
}
