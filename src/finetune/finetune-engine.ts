import type { DatasetRow } from "../datasets/index.js";
import type { JobContext } from "../jobs/index.js";
import type { Flywheel } from "../runtime/index.js";
import type { FineTuneJobPayload } from "./finetune-job.js";

/** What an engine gets to run one job. */
export interface EngineRunContext {
  flywheel: Flywheel;
  /** The job's context: cancel signal, events, progress, checkpoint (a resumed job has one). */
  job: JobContext;
  payload: FineTuneJobPayload;
  /** The dataset version's train split. */
  train: DatasetRow[];
  /** Its validation split (may be empty). */
  validation: DatasetRow[];
}

/** What an engine checks before a job is queued. */
export interface EngineCheckRequest {
  baseModel: string;
  /** Whether a missing engine environment (several GB) may be installed by the job. */
  allowSetup: boolean;
}

/** How a job ended well: the tuned model's id and what training measured. */
export interface FineTuneOutcome {
  /** A model id the registry resolves: `local:<name>` or `openai:ft:...`. */
  model: string;
  metrics: Record<string, unknown>;
  /** Engine details (provider job id, adapter settings, files). */
  details?: Record<string, unknown>;
}

/**
 * A fine-tuning engine. The local LoRA trainer and hosted fine-tuning APIs implement this;
 * another OpenAI-compatible service (Together, Fireworks) is one more small module.
 */
export interface FineTuneEngine {
  /** Name used with `--engine`. */
  readonly name: string;
  /** Checks, before a job is queued, that the base model can be tuned here and that the engine is ready. */
  check(flywheel: Flywheel, request: EngineCheckRequest): Promise<void>;
  /** Runs one job (or resumes it from its checkpoint) to the tuned model. */
  run(context: EngineRunContext): Promise<FineTuneOutcome>;
}
