import type { Command } from "commander";
import { integerFrom, positive } from "../option-parsers.js";

/** The training options `finetune start` and `improve` share. */
export function withTrainingOptions(command: Command): Command {
  return command
    .option("--epochs <n>", "passes over the training split", positive)
    .option("--learning-rate <x>", "learning rate (local; without it a sweep picks one on the validation split) or multiplier (hosted)", positive)
    .option("--rank <n>", "LoRA rank (local, default 8)", integerFrom(1))
    .option("--max-steps <n>", "train this many steps (local; without it or --epochs, early stopping on the validation split picks them)", integerFrom(1))
    .option("--batch-size <n>", "examples per step", integerFrom(1))
    .option("-y, --yes", "install the local training environment if it is missing, without asking");
}
