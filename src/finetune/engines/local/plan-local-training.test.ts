import { describe, expect, it } from "vitest";
import { localDefaults, planLocalTraining, sweepDefaults } from "./plan-local-training.js";

describe("planLocalTraining", () => {
  it("sweeps the learning rate and stops early when the job gives neither", () => {
    const plan = planLocalTraining({}, 16);
    expect(plan.sweep).toEqual({ learningRates: [...sweepDefaults.learningRates], probeSteps: sweepDefaults.probeSteps, evalEvery: sweepDefaults.evalEvery, patience: sweepDefaults.patience });
    expect(plan.hyperparameters).not.toHaveProperty("learningRate");
    expect(plan.hyperparameters.epochs).toBe(localDefaults.epochs);
  });

  it("keeps a given learning rate and lets early stopping choose the steps", () => {
    const plan = planLocalTraining({ learningRate: 2e-3 }, 16);
    expect(plan.sweep?.learningRates).toEqual([2e-3]);
    expect(plan.sweep?.patience).toBe(sweepDefaults.patience);
  });

  it("sweeps the rate over a fixed step count when only steps are given", () => {
    expect(planLocalTraining({ maxSteps: 40 }, 16).sweep?.patience).toBeNull();
    expect(planLocalTraining({ epochs: 2 }, 16).sweep?.patience).toBeNull();
  });

  it("trains as told when both are given, and with the defaults when there is no validation split", () => {
    const explicit = planLocalTraining({ learningRate: 5e-4, maxSteps: 16, batchSize: undefined }, 16);
    expect(explicit.sweep).toBeUndefined();
    expect(explicit.hyperparameters).toMatchObject({ learningRate: 5e-4, maxSteps: 16, batchSize: localDefaults.batchSize });
    const unvalidated = planLocalTraining({}, 0);
    expect(unvalidated.sweep).toBeUndefined();
    expect(unvalidated.hyperparameters.learningRate).toBe(localDefaults.learningRate);
  });
});
