import { z } from "zod";

/** Training settings; every engine reads the ones it supports. */
export const hyperparametersSchema = z
  .object({
    /** Passes over the training split (local: without it or `maxSteps`, early stopping picks the steps, up to 3 epochs). */
    epochs: z.number().positive().optional(),
    /** Optimizer learning rate (local: without it, a sweep picks one on the validation split) or multiplier (hosted, `learningRateMultiplier`). */
    learningRate: z.number().positive().optional(),
    /** Hosted APIs: multiplier of the provider's default learning rate. */
    learningRateMultiplier: z.number().positive().optional(),
    /** LoRA rank (local). */
    rank: z.number().int().positive().optional(),
    /** Stop after this many optimizer steps (local). */
    maxSteps: z.number().int().positive().optional(),
    /** Examples per step. */
    batchSize: z.number().int().positive().optional(),
    /** Longest example in tokens (local, default 256). */
    maxSequenceLength: z.number().int().positive().optional(),
    /** Seed of shuffling and initialisation. */
    seed: z.number().int().optional(),
  })
  .strict();

/** What a fine-tuning job is asked to do: stored as the job's payload. */
export const fineTuneJobPayloadSchema = z.object({
  /** Name of the tuned model (`local:<name>`, or the hosted model's suffix). */
  name: z.string(),
  /** `local`, `openai`, or another registered engine. */
  engine: z.string(),
  /** The model to tune, e.g. `local:default` or `openai:gpt-4o-mini-2024-07-18`. */
  baseModel: z.string(),
  dataset: z.string(),
  datasetVersion: z.number().int().positive(),
  hyperparameters: hyperparametersSchema,
  /** Compare tuned and base on the test split when training ends. */
  compare: z.boolean().optional(),
  /** Whether the job may install a missing engine environment (local: several GB of Python packages). */
  allowSetup: z.boolean().optional(),
});

/** A fine-tuning job's payload. */
export type FineTuneJobPayload = z.infer<typeof fineTuneJobPayloadSchema>;
/** Training settings. */
export type Hyperparameters = z.infer<typeof hyperparametersSchema>;

/** The queue fine-tuning jobs run in. */
export const FINETUNE_QUEUE = "finetune";
