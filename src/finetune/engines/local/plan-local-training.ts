import type { Hyperparameters } from "../../finetune-job.js";
import type { TrainingRequest } from "./worker-events.js";

/**
 * Default LoRA settings: small and quick on a CPU, enough for a narrow behaviour. The learning
 * rate and the step count (`epochs`) apply as they are only where the sweep cannot run (no
 * validation split); otherwise `epochs` caps the steps the sweep may spend on the chosen rate.
 */
export const localDefaults = { rank: 8, learningRate: 1e-3, epochs: 3, batchSize: 4, maxSequenceLength: 256, seed: 42 } as const;

/**
 * The sweep run when a job gives no learning rate or no step count: a probe of `probeSteps`
 * at each rate (LoRA re-initialised each time), validation every `evalEvery` steps, then the
 * best probe continued until `patience` evaluations in a row bring no gain.
 */
export const sweepDefaults = { learningRates: [3e-4, 1e-3, 3e-3, 1e-2], probeSteps: 12, evalEvery: 8, patience: 2 } as const;

/** What the worker is asked to do: the settings, and the sweep when one runs. */
export interface LocalTrainingPlan {
  hyperparameters: TrainingRequest["hyperparameters"];
  sweep?: NonNullable<TrainingRequest["sweep"]>;
}

/**
 * Fills the job's settings with the defaults and decides the sweep: what the job does not give
 * is chosen on the validation split. No learning rate: the grid is swept. No step count
 * (`maxSteps` or `epochs`): early stopping picks it and the best checkpoint is kept. Both
 * given, or no validation rows: the job trains as told (or with the defaults).
 */
export function planLocalTraining(given: Hyperparameters, validationRows: number): LocalTrainingPlan {
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined)) as Hyperparameters;
  const hyperparameters = { ...localDefaults, ...defined };
  const fixedSteps = defined.maxSteps !== undefined || defined.epochs !== undefined;
  if (validationRows === 0 || (defined.learningRate !== undefined && fixedSteps)) return { hyperparameters };
  const { learningRate: _chosenBySweep, ...rest } = hyperparameters;
  return {
    hyperparameters: rest,
    sweep: {
      learningRates: defined.learningRate === undefined ? [...sweepDefaults.learningRates] : [defined.learningRate],
      probeSteps: sweepDefaults.probeSteps,
      evalEvery: sweepDefaults.evalEvery,
      patience: fixedSteps ? null : sweepDefaults.patience,
    },
  };
}
