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
});

/** What the training worker reports, one JSON object per stdout line. */
export const workerEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("phase"), phase: z.string(), totalSteps: z.number().int().optional() }),
  z.object({ type: z.literal("log"), message: z.string() }),
  progressEventSchema,
  z.object({ type: z.literal("eval"), step: z.number().int(), validationLoss: z.number() }),
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
}
