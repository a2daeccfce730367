import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { rowsToJsonl } from "../../../datasets/index.js";
import { redactSecrets } from "../../../secrets/index.js";
import { parseModelId } from "../../../models/index.js";
import { freeCoreCount } from "../../../models/local/index.js";
import { registerAdapterModel, resolveModel } from "../../../models/model-store/index.js";
import type { PulledModel } from "../../../models/model-store/index.js";
import type { Flywheel } from "../../../runtime/index.js";
import type { EngineRunContext, FineTuneEngine, FineTuneOutcome } from "../../finetune-engine.js";
import { TrainingSetupRequiredError, UnsupportedBaseModelError } from "../../finetune-errors.js";
import { planLocalTraining } from "./plan-local-training.js";
import { ensureTrainingEnvironment, readyTrainingEnvironment } from "./training-environment.js";
import { runTrainingWorker } from "./training-worker.js";


async function resolveBase(flywheel: Flywheel, baseModel: string): Promise<PulledModel> {
  const parsed = parseModelId(baseModel);
  if (parsed.provider !== "local") {
    throw new UnsupportedBaseModelError({
      model: baseModel,
      engine: "local",
      reason: "the local engine trains embedded GGUF chat models",
      hint: "use --base local:default, or --engine openai for a hosted model",
    });
  }
  const model = await resolveModel(flywheel.config.home, parsed.model, { autoPull: true });
  if (model.kind !== "chat" || model.format !== "gguf" || model.base !== undefined) {
    throw new UnsupportedBaseModelError({
      model: baseModel,
      engine: "local",
      reason: model.base !== undefined ? "it is itself a fine-tuned adapter" : "it is not a GGUF chat model",
      hint: "tune a base chat model such as local:default",
    });
  }
  return model;
}

/**
 * LoRA fine-tuning on this machine: a Python worker (torch, transformers, peft) trains an
 * adapter on the dequantized GGUF base, converts it to a GGUF LoRA, and the adapter lands in
 * the model store as `local:<name>`, linked to its job, dataset version and base.
 */
export const localEngine: FineTuneEngine = {
  name: "local",
  async check(flywheel, { baseModel, allowSetup }) {
    await resolveBase(flywheel, baseModel);
    if (!allowSetup && (await readyTrainingEnvironment(flywheel.config.home)) === undefined) throw new TrainingSetupRequiredError();
  },
  async run(context: EngineRunContext): Promise<FineTuneOutcome> {
    const { flywheel, job, payload } = context;
    if (job.job.attempts > 1) await job.event("log", { message: "the previous worker process ended; training starts again from the beginning" });
    // A job resumed elsewhere may find no environment: install only if its starter agreed.
    if (payload.allowSetup !== true && (await readyTrainingEnvironment(flywheel.config.home)) === undefined) throw new TrainingSetupRequiredError();
    const environment = await ensureTrainingEnvironment({
      home: flywheel.config.home,
      ...(flywheel.config.finetune.python === undefined ? {} : { python: flywheel.config.finetune.python }),
      onProgress: (progress) => void job.event("setup", { ...progress }),
      signal: job.signal,
    });
    const base = await resolveBase(flywheel, payload.baseModel);
    const directory = path.join(environment.jobs, job.job.jobId);
    await mkdir(directory, { recursive: true });
    const trainFile = path.join(directory, "train.jsonl");
    await writeFile(trainFile, rowsToJsonl(context.train, "openai"));
    let validationFile: string | undefined;
    if (context.validation.length > 0) {
      validationFile = path.join(directory, "validation.jsonl");
      await writeFile(validationFile, rowsToJsonl(context.validation, "openai"));
    }
    await job.checkpoint({ phase: "training", directory });
    const plan = planLocalTraining(payload.hyperparameters, context.validation.length);
    const stderr: string[] = [];
    let done;
    try {
      done = await runTrainingWorker({
        python: environment.python,
        cwd: directory,
        signal: job.signal,
        request: {
          baseGguf: base.mainPath,
          trainFile,
          ...(validationFile === undefined ? {} : { validationFile }),
          outputDir: path.join(directory, "output"),
          converterDir: environment.converter,
          threads: flywheel.config.finetune.threads ?? freeCoreCount(),
          ...plan,
        },
        onStderr: (line) => {
          stderr.push(redactSecrets(line));
          if (stderr.length > 30) stderr.shift();
        },
        onEvent: (event) => {
          if (event.type === "progress") {
            const { type: _type, ...progress } = event;
            void job.progress(progress);
            void job.event("progress", progress);
          } else if (event.type !== "done" && event.type !== "cancelled" && event.type !== "error") {
            const { type, ...data } = event;
            void job.event(type, data);
          }
        },
      });
    } catch (error) {
      // A cancelled job leaves nothing to look at, so its scratch files go; a failed one keeps them.
      if (job.signal.aborted) await rm(directory, { recursive: true, force: true });
      else if (stderr.length > 0) await job.event("worker-stderr", { lines: stderr.slice(-15) });
      throw error;
    }
    const model = await registerAdapterModel({
      home: flywheel.config.home,
      alias: payload.name,
      adapterFile: done.adapterGguf,
      base,
      replace: job.job.attempts > 1,
      origin: {
        jobId: job.job.jobId,
        engine: "local",
        dataset: payload.dataset,
        datasetVersion: payload.datasetVersion,
        baseModel: payload.baseModel,
        createdAt: new Date().toISOString(),
      },
    });
    await job.event("model-registered", { model: `local:${model.alias}`, base: `local:${base.alias}` });
    // The adapter now lives in the model store; the job's scratch files (data, PEFT weights) go.
    await rm(directory, { recursive: true, force: true });
    const settings = { ...plan.hyperparameters, learningRate: done.metrics.learningRate, steps: done.metrics.steps };
    return { model: `local:${model.alias}`, metrics: done.metrics, details: { adapter: done.adapter, settings } };
  },
};
