import { FINETUNE_QUEUE, runFineTuneJob, startFineTune } from "../../finetune/index.js";
import type { Hyperparameters } from "../../finetune/index.js";
import { isFinalJobState } from "../../jobs/index.js";
import { followInWorker, hasLiveWorkers } from "../../workers/index.js";
import type { JobEventRecord, JobRecord } from "../../jobs/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { CommandContext } from "../command-context.js";
import type { FinetuneStartOptions } from "../commands/finetune.js";
import { formatDuration, formatTime, renderTable } from "../output/format.js";
import { colors } from "../output/terminal.js";
import type { Terminal } from "../output/terminal.js";
import { trainingSetupConsent } from "./training-setup-consent.js";
import { formatTrainingProgress, startTrainingProgress } from "../output/training-progress.js";

/** `flywheel finetune start`: queue the job, run it here, follow it, then compare. */
export async function startFinetune(context: CommandContext, options: FinetuneStartOptions): Promise<number> {
  const flywheel = await context.flywheel();
  const hyperparameters: Hyperparameters = {
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
    ...(options.learningRate === undefined ? {} : options.engine !== undefined && options.engine !== "local" ? { learningRateMultiplier: options.learningRate } : { learningRate: options.learningRate }),
    ...(options.rank === undefined ? {} : { rank: options.rank }),
    ...(options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  };
  const allowSetup = await trainingSetupConsent(context, flywheel, options);
  const job = await startFineTune(flywheel, {
    dataset: options.dataset,
    baseModel: options.base,
    ...(options.engine === undefined ? {} : { engine: options.engine }),
    ...(options.name === undefined ? {} : { name: options.name }),
    hyperparameters,
    compare: options.compare !== false,
    allowSetup,
  });
  context.terminal.info(`job ${job.jobId} queued: ${String(job.payload.engine)} fine-tune of ${options.base} on ${String(job.payload.dataset)}@${String(job.payload.datasetVersion)}`);
  const finished = await follow(context, flywheel, job.jobId);
  if (!isFinalJobState(finished.state)) {
    context.terminal.info(`job ${finished.jobId} goes on: follow it with \`flywheel finetune status ${finished.jobId.slice(0, 8)} --watch\``);
    return 130;
  }
  return report(context, flywheel, finished, options.json === true, options.compare !== false);
}

/**
 * Runs the job here, or follows it while a live worker runs it (Ctrl-C then stops following
 * only), running it here after all when that worker goes away before taking it.
 */
async function follow(context: CommandContext, flywheel: Flywheel, jobId: string): Promise<JobRecord> {
  const line = startTrainingProgress(context.terminal);
  const options = {
    signal: context.signal,
    onProgress: (progress: Record<string, unknown>) => line.update(progress),
    onEvent: (event: JobEventRecord) => printEvent(context.terminal, event, false),
  };
  try {
    if (!(await hasLiveWorkers(flywheel, FINETUNE_QUEUE))) return await runFineTuneJob(flywheel, jobId, options);
    context.terminal.info(colors.dim(`a worker will run it; Ctrl-C stops following (cancel with \`flywheel finetune cancel ${jobId.slice(0, 8)}\`)`));
    const followed = await followInWorker(flywheel, FINETUNE_QUEUE, jobId, options);
    if (followed !== undefined) return followed;
    context.terminal.info(colors.dim("the worker went away before taking the job: running it here"));
    return await runFineTuneJob(flywheel, jobId, options);
  } finally {
    line.stop();
  }
}

async function report(context: CommandContext, flywheel: Flywheel, job: JobRecord, json: boolean, compare: boolean): Promise<number> {
  if (job.state === "succeeded" && compare) {
    const { compareJobAndPrint } = await import("./finetune-compare.js");
    await compareJobAndPrint(context, flywheel, job, { json });
    return 0;
  }
  if (json) context.terminal.line(JSON.stringify(job, null, 2));
  else printJob(context.terminal, job);
  if (job.state === "failed" && job.error !== null) {
    process.stderr.write(`${colors.red("error:")} ${job.error.message}\n${job.error.hint === undefined ? "" : `${colors.dim("hint:")} ${job.error.hint}\n`}`);
  }
  return job.state === "succeeded" ? 0 : job.state === "cancelled" ? 130 : 1;
}

/** Prints events worth a line while following a job (progress has its own line). */
function printEvent(terminal: Terminal, event: JobEventRecord, all: boolean): void {
  const data = event.data;
  if (event.type === "progress") {
    if (all) terminal.line(`${formatTime(event.time)}  ${formatTrainingProgress(data)}`);
    return;
  }
  const text =
    event.type === "phase"
      ? `phase ${String(data.phase)}${data.totalSteps === undefined ? "" : ` (${String(data.totalSteps)} steps)`}`
      : event.type === "setup"
        ? `setup ${String(data.phase)}: ${String(data.message)}`
        : event.type === "log"
          ? String(data.message)
          : event.type === "eval"
            ? `validation loss ${String(data.validationLoss)}${data.validationAccuracy === undefined ? "" : `, exact ${String(data.validationAccuracy)}`} at step ${String(data.step)}${data.learningRate === undefined ? "" : ` (learning rate ${String(data.learningRate)})`}`
            : event.type === "trial"
              ? `sweep: learning rate ${String(data.learningRate)} best at step ${String(data.bestStep)}: validation loss ${String(data.validationLoss)}, exact ${String(data.validationAccuracy)}`
              : event.type === "choice"
                ? `chose learning rate ${String(data.learningRate)} and ${String(data.steps)} steps${data.stoppedEarly === true ? " (early stopping)" : ""}`
                : event.type === "worker-stderr"
                  ? `worker stderr:\n    ${(data.lines as string[]).join("\n    ")}`
                  : `${event.type}${Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : ""}`;
  if (all) terminal.line(`${formatTime(event.time)}  ${text}`);
  else if (event.type !== "job-queued") terminal.info(colors.dim(text));
}

function printJob(terminal: Terminal, job: JobRecord): void {
  const result = job.result ?? {};
  const metrics = (result.metrics ?? {}) as Record<string, unknown>;
  const sweep = metrics.sweep as SweepReport | undefined;
  const rows: [string, string][] = [
    ["job", job.jobId],
    ["state", job.state],
    ["engine", String(job.payload.engine)],
    ["base", String(job.payload.baseModel)],
    ["dataset", `${String(job.payload.dataset)}@${String(job.payload.datasetVersion)}`],
    ["tuned model", typeof result.model === "string" ? result.model : "-"],
    ["progress", job.progress === null ? "-" : formatTrainingProgress(job.progress)],
    ["train loss", metrics.trainLoss === undefined ? "-" : String(metrics.trainLoss)],
    ["validation loss", metrics.validationLoss === undefined ? "-" : String(metrics.validationLoss)],
    ["exact match", metrics.validationAccuracy === undefined ? "-" : String(metrics.validationAccuracy)],
    ["learning rate", metrics.learningRate === undefined ? "-" : `${String(metrics.learningRate)}${sweep === undefined ? "" : " (chosen by the sweep)"}`],
    ["steps", metrics.steps === undefined ? "-" : `${String(metrics.steps)}${sweep === undefined ? "" : ` (kept checkpoint; ${String(sweep.sweepSteps)} steps trained in all)`}`],
    ...(sweep === undefined ? [] : [["sweep", formatSweep(sweep)] as [string, string]]),
    ["s/step", metrics.secondsPerStep === undefined ? "-" : String(metrics.secondsPerStep)],
    ["time", job.startedAt === null ? "-" : formatDuration((job.finishedAt ?? Date.now()) - job.startedAt)],
  ];
  if (job.error !== null) rows.push(["error", job.error.message]);
  for (const [key, value] of rows) terminal.line(`${key.padEnd(16)}${value}`);
}

/** What the worker reports of a learning-rate sweep (the job's `metrics.sweep`). */
interface SweepReport {
  sweepSteps: number;
  trials: { learningRate: number; steps: number; best: { step: number; loss: number; accuracy: number } | null }[];
}

/** One entry per rate: `3e-4: exact 0.5, loss 0.84 @16`. */
function formatSweep(sweep: SweepReport): string {
  return sweep.trials
    .map((trial) => `${trial.learningRate.toExponential(0)}: ${trial.best === null ? "no measurement" : `exact ${String(trial.best.accuracy)}, loss ${String(trial.best.loss)} @${String(trial.best.step)}`}`)
    .join("; ");
}

/** `flywheel finetune list`. */
export async function listFinetunes(context: CommandContext, options: { limit?: number; json?: boolean }): Promise<void> {
  const flywheel = await context.flywheel();
  const jobs = await flywheel.jobs.list({ queue: FINETUNE_QUEUE, limit: options.limit ?? 20 });
  if (options.json === true) {
    context.terminal.line(JSON.stringify(jobs, null, 2));
    return;
  }
  if (jobs.length === 0) {
    context.terminal.line("no fine-tuning jobs yet: start one with `flywheel finetune start --dataset <name> --base local:default`");
    return;
  }
  context.terminal.line(
    renderTable(
      ["job", "state", "engine", "base", "dataset", "tuned model", "progress", "created"],
      jobs.map((job) => [
        job.jobId.slice(0, 8),
        job.state,
        String(job.payload.engine),
        String(job.payload.baseModel),
        `${String(job.payload.dataset)}@${String(job.payload.datasetVersion)}`,
        typeof job.result?.model === "string" ? job.result.model : "-",
        job.progress === null ? "-" : `${String(job.progress.step)}/${String(job.progress.totalSteps)}`,
        formatTime(job.createdAt),
      ]),
    ),
  );
}

/** `flywheel finetune status`. */
export async function finetuneStatus(context: CommandContext, jobId: string, options: { watch?: boolean; json?: boolean }): Promise<number> {
  const flywheel = await context.flywheel();
  let job = await flywheel.jobs.get(jobId);
  if (options.watch === true && !isFinalJobState(job.state)) job = await follow(context, flywheel, job.jobId);
  if (options.json === true) context.terminal.line(JSON.stringify(job, null, 2));
  else printJob(context.terminal, job);
  return 0;
}

/** `flywheel finetune logs`. */
export async function finetuneLogs(context: CommandContext, jobId: string, options: { json?: boolean }): Promise<void> {
  const flywheel = await context.flywheel();
  const queue = flywheel.jobs;
  const job = await queue.get(jobId);
  for (const event of await queue.events(job.jobId)) {
    if (options.json === true) context.terminal.line(JSON.stringify(event));
    else printEvent(context.terminal, event, true);
  }
}

/** `flywheel finetune cancel`. */
export async function cancelFinetune(context: CommandContext, jobId: string): Promise<void> {
  const flywheel = await context.flywheel();
  const job = await flywheel.jobs.cancel(jobId);
  context.terminal.line(
    job.state === "cancelled" ? `job ${job.jobId.slice(0, 8)} cancelled` : isFinalJobState(job.state) ? `job ${job.jobId.slice(0, 8)} had already ended (${job.state})` : `cancel requested: job ${job.jobId.slice(0, 8)} stops at its next step`,
  );
}
