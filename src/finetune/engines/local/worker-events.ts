import { z } from "zod";

/** Training progress after one optimizer step. */
export const progressEventSchema = z.object({
  type: z.literal("progress"),
  step: z.number().int(),
  totalSteps: z.number().int(),
  epoch: z.number(),
  loss: z.number(),
  learningRate: z.number(),
  tokens: z.number().int(),
  elapsedSeconds: z.number(),
  secondsPerStep: z.number(),
  etaSeconds: z.number(),
  /** During a sweep: which learning rate of how many is training. */
  trial: z.number().int().optional(),
  trials: z.number().int().optional(),
});

/** What the training worker reports, one JSON object per stdout line. */
export const workerEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("phase"), phase: z.string(), totalSteps: z.number().int().optional() }),
  z.object({ type: z.literal("log"), message: z.string() }),
  progressEventSchema,
  z.object({
    type: z.literal("eval"),
    step: z.number().int(),
    validationLoss: z.number(),
    validationAccuracy: z.number().optional(),
    learningRate: z.number().optional(),
    trial: z.number().int().optional(),
  }),
  /** The end of one learning rate's probe in a sweep, with its best validation point. */
  z.object({
    type: z.literal("trial"),
    trial: z.number().int(),
    learningRate: z.number(),
    steps: z.number().int(),
    bestStep: z.number().int().nullable(),
    validationLoss: z.number().nullable(),
    validationAccuracy: z.number().nullable(),
    stoppedEarly: z.boolean(),
  }),
  /** What the sweep chose: the learning rate and the step of the kept checkpoint. */
  z.object({ type: z.literal("choice"), learningRate: z.number(), steps: z.number().int(), stoppedEarly: z.boolean() }),
  z.object({
    type: z.literal("done"),
    adapterGguf: z.string(),
    adapterDir: z.string(),
    adapter: z.record(z.string(), z.unknown()),
    metrics: z.record(z.string(), z.unknown()),
  }),
  z.object({ type: z.literal("cancelled") }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);

/** One worker event. */
export type WorkerEvent = z.infer<typeof workerEventSchema>;
/** A progress event. */
export type ProgressEvent = z.infer<typeof progressEventSchema>;
/** The final event of a successful run. */
export type DoneEvent = Extract<WorkerEvent, { type: "done" }>;

/** The request the worker reads from its first stdin line. */
export interface TrainingRequest {
  baseGguf: string;
  trainFile: string;
  validationFile?: string;
  outputDir: string;
  converterDir: string;
  threads: number;
  /** `auto` uses a GPU when torch sees one. */
  device?: "auto" | "cpu";
  hyperparameters: {
    epochs?: number;
    learningRate?: number;
    rank?: number;
    alpha?: number;
    maxSteps?: number;
    batchSize?: number;
    maxSequenceLength?: number;
    seed?: number;
    targetModules?: string[];
  };
  /** Choose what the hyperparameters leave out on the validation split (see `planLocalTraining`). */
  sweep?: {
    learningRates: number[];
    probeSteps: number;
    evalEvery: number;
    /** Evaluations without gain before stopping; null keeps the step count fixed. */
    patience: number | null;
  };
}
