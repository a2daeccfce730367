import { setTimeout as sleep } from "node:timers/promises";
import { rowsToJsonl } from "../../../datasets/index.js";
import { CancelledError } from "../../../errors/index.js";
import { JobDetachedError } from "../../../jobs/index.js";
import { parseModelId } from "../../../models/index.js";
import type { EngineRunContext, FineTuneEngine, FineTuneOutcome } from "../../finetune-engine.js";
import { UnsupportedBaseModelError } from "../../finetune-errors.js";
import { createFineTuningApi, FineTuningApiError } from "./fine-tuning-api.js";
import type { ApiJob, FineTuningApi, FineTuningApiSettings } from "./fine-tuning-api.js";

/** Settings of an OpenAI-compatible fine-tuning service. */
export interface HostedEngineSettings extends FineTuningApiSettings {
  /** Name used with `--engine`. */
  name: string;
  /** Injected fetch, for tests and proxies. */
  fetch?: typeof fetch;
}

const finalStatuses = new Set(["succeeded", "failed", "cancelled"]);

/** What a resumed run needs: the uploaded files and the provider's job id. */
interface HostedCheckpoint {
  trainingFile?: string;
  validationFile?: string;
  providerJobId?: string;
  lastEventId?: string;
}

/**
 * A fine-tuning engine for any OpenAI-compatible fine-tuning API: uploads the train and
 * validation splits as chat JSONL (scrubbed of secrets and personal data), creates the job,
 * follows its events and status until it ends, and returns the provider's `ft:` model as
 * `<provider>:<model>`. A cancel cancels the provider's job; a process that stops leaves it
 * running, and the next process resumes watching it from the checkpoint.
 */
export function createHostedEngine(settings: HostedEngineSettings): FineTuneEngine {
  const checkProvider = (baseModel: string) => {
    const parsed = parseModelId(baseModel);
    if (parsed.provider !== settings.provider) {
      throw new UnsupportedBaseModelError({
        model: baseModel,
        engine: settings.name,
        reason: `the ${settings.name} engine tunes ${settings.provider}: models`,
        hint: parsed.provider === "local" ? "use --engine local for embedded models" : `name a ${settings.provider}: model, e.g. ${settings.provider}:gpt-4o-mini-2024-07-18`,
      });
    }
    return parsed.model;
  };
  return {
    name: settings.name,
    // Async, so a refusal is a rejected promise as the interface says, never a synchronous throw.
    async check(_flywheel, { baseModel }) {
      checkProvider(baseModel);
    },
    async run(context: EngineRunContext): Promise<FineTuneOutcome> {
      const { flywheel, job, payload } = context;
      const model = checkProvider(payload.baseModel);
      const api = createFineTuningApi(flywheel.config, settings, settings.fetch);
      const checkpoint: HostedCheckpoint = { ...(job.job.checkpoint as HostedCheckpoint | null) };
      const save = () => job.checkpoint({ ...checkpoint });
      if (checkpoint.providerJobId === undefined) {
        if (checkpoint.trainingFile === undefined) {
          checkpoint.trainingFile = (await api.uploadFile({ filename: `${payload.name}-train.jsonl`, content: rowsToJsonl(context.train, "openai"), signal: job.signal })).id;
          await job.event("file-uploaded", { split: "train", fileId: checkpoint.trainingFile, rows: context.train.length });
          if (context.validation.length > 0) {
            checkpoint.validationFile = (await api.uploadFile({ filename: `${payload.name}-validation.jsonl`, content: rowsToJsonl(context.validation, "openai"), signal: job.signal })).id;
            await job.event("file-uploaded", { split: "validation", fileId: checkpoint.validationFile, rows: context.validation.length });
          }
          await save();
        }
        const hyperparameters = payload.hyperparameters;
        const created = await api.createJob(
          {
            model,
            training_file: checkpoint.trainingFile,
            ...(checkpoint.validationFile === undefined ? {} : { validation_file: checkpoint.validationFile }),
            suffix: payload.name.slice(0, 40),
            ...(hyperparameters.seed === undefined ? {} : { seed: hyperparameters.seed }),
            method: {
              type: "supervised",
              supervised: {
                hyperparameters: {
                  ...(hyperparameters.epochs === undefined ? {} : { n_epochs: hyperparameters.epochs }),
                  ...(hyperparameters.batchSize === undefined ? {} : { batch_size: hyperparameters.batchSize }),
                  ...(hyperparameters.learningRateMultiplier === undefined ? {} : { learning_rate_multiplier: hyperparameters.learningRateMultiplier }),
                },
              },
            },
          },
          job.signal,
        );
        checkpoint.providerJobId = created.id;
        await save();
        await job.event("provider-job-created", { providerJobId: created.id, baseURL: api.baseURL });
      } else {
        await job.event("log", { message: `resuming: watching ${settings.provider} job ${checkpoint.providerJobId}` });
      }
      const finished = await follow(api, checkpoint, context);
      if (finished.status !== "succeeded" || typeof finished.fine_tuned_model !== "string") {
        throw new FineTuningApiError({ provider: settings.provider, message: `job ${finished.id} ${finished.status}: ${finished.error?.message ?? "no tuned model"}` });
      }
      const tuned = `${settings.provider}:${finished.fine_tuned_model}`;
      await job.event("model-registered", { model: tuned, base: payload.baseModel });
      return { model: tuned, metrics: { trainedTokens: finished.trained_tokens ?? null }, details: { providerJobId: finished.id } };
    },
  };

  async function follow(api: FineTuningApi, checkpoint: HostedCheckpoint, context: EngineRunContext): Promise<ApiJob> {
    const { job, flywheel } = context;
    const providerJobId = checkpoint.providerJobId!;
    for (;;) {
      if (job.signal.aborted) {
        if (!job.cancelRequested()) throw new JobDetachedError();
        // A cancel request: cancel the provider's job too, and wait until it says so.
        const cancelled = await api.cancelJob(providerJobId).catch(async () => api.retrieveJob(providerJobId));
        await job.event("provider-job-cancelled", { status: cancelled.status });
        throw new CancelledError("the fine-tuning job");
      }
      let status: ApiJob;
      try {
        status = await api.retrieveJob(providerJobId, job.signal);
        const events = await api.listEvents(providerJobId, { ...(checkpoint.lastEventId === undefined ? {} : { afterId: checkpoint.lastEventId }), signal: job.signal });
        for (const event of events) {
          const data = event.data ?? {};
          if (event.type === "metrics" && typeof data.step === "number") {
            const progress = { step: data.step, totalSteps: data.total_steps ?? null, loss: data.train_loss ?? null };
            await job.progress(progress);
            await job.event("progress", progress);
          } else {
            await job.event("provider-event", { level: event.level ?? "info", message: event.message });
          }
          checkpoint.lastEventId = event.id;
        }
        if (events.length > 0) await job.checkpoint({ ...checkpoint });
      } catch (error) {
        if (job.signal.aborted) continue;
        throw error;
      }
      if (finalStatuses.has(status.status)) return status;
      await sleep(flywheel.config.finetune.pollIntervalMs, undefined, { signal: job.signal }).catch(() => undefined);
    }
  }
}

/** OpenAI's fine-tuning API (or any server that speaks it, through `OPENAI_BASE_URL`). */
export const openaiEngine: FineTuneEngine = createHostedEngine({
  name: "openai",
  provider: "openai",
});
