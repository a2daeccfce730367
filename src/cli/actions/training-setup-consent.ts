import { createInterface } from "node:readline/promises";
import { fineTuneEngine, readyTrainingEnvironment, TRAINING_ENVIRONMENT_SIZE, TrainingSetupRequiredError } from "../../finetune/index.js";
import type { Flywheel } from "../../runtime/index.js";
import type { CommandContext } from "../command-context.js";

/**
 * Whether a local fine-tune may install its training environment (several GB) when it is
 * missing: yes with `--yes`; on a terminal the user is asked (default no); without one the
 * command fails with a hint naming `flywheel finetune setup`, before any work starts. The
 * base model is checked first, so a typo is not met with an offer to install.
 */
export async function trainingSetupConsent(context: CommandContext, flywheel: Flywheel, options: { engine?: string; base: string; yes?: boolean }): Promise<boolean> {
  const engine = options.engine ?? "local";
  if (engine !== "local" || options.yes === true) return options.yes === true;
  await fineTuneEngine(engine).check(flywheel, { baseModel: options.base, allowSetup: true });
  if ((await readyTrainingEnvironment(flywheel.config.home)) !== undefined) return false;
  if (process.stdin.isTTY !== true || !context.terminal.interactiveErrors) throw new TrainingSetupRequiredError();
  const question = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await question.question(`Local fine-tuning needs a one-time install of PyTorch, transformers and peft (${TRAINING_ENVIRONMENT_SIZE}). Install now? (y/N) `, { signal: context.signal });
    if (/^y(es)?$/i.test(answer.trim())) return true;
  } finally {
    question.close();
  }
  throw new TrainingSetupRequiredError();
}
