import { readyTrainingEnvironment } from "../../src/finetune/index.js";
import type { TrainingEnvironment } from "../../src/finetune/index.js";

/**
 * The real training environment (torch, transformers, peft) that `flywheel finetune setup`
 * installs into `home`, for the tests that train for real. Undefined when it is missing on a
 * developer's machine (those tests are skipped: it is several GB); in CI, and wherever
 * FLYWHEEL_REQUIRE_FINETUNE=1, a missing environment fails instead.
 */
export async function realTrainingEnvironment(home: string): Promise<TrainingEnvironment | undefined> {
  const environment = await readyTrainingEnvironment(home);
  if (environment === undefined && (process.env.CI === "true" || process.env.FLYWHEEL_REQUIRE_FINETUNE === "1")) {
    throw new Error(`no training environment in ${home}: run \`flywheel finetune setup\` before the tests`);
  }
  return environment;
}
