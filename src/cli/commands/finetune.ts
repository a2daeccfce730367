import type { Command } from "commander";
import { integerFrom, numberIn } from "../option-parsers.js";
import { runAction } from "../run-action.js";
import { withTrainingOptions } from "./training-options.js";

/** Options of `flywheel finetune start`. */
export interface FinetuneStartOptions {
  dataset: string;
  base: string;
  engine?: string;
  name?: string;
  epochs?: number;
  learningRate?: number;
  rank?: number;
  maxSteps?: number;
  batchSize?: number;
  /** Install the local training environment if it is missing, without asking. */
  yes?: boolean;
  seed?: number;
  compare?: boolean;
  json?: boolean;
}

/** `flywheel finetune ...`: fine-tuning jobs on the local engine or a hosted API. */
export function registerFinetuneCommand(program: Command): void {
  const finetune = program.command("finetune").description("fine-tune a model on a dataset, watch the job, and compare the tuned model with its base");
  finetune
    .command("setup")
    .description("install the local training environment (Python venv with torch, transformers, peft) once")
    .option("--force", "install again")
    .option("--no-base", "do not pull the default base model (local:default)")
    .option("--json", "print the environment as JSON")
    .action((options: { force?: boolean; base?: boolean; json?: boolean }) => runAction(async (context) => (await import("../actions/finetune-setup.js")).setupFinetune(context, options)));
  const start = finetune
    .command("start")
    .description("start a fine-tuning job and follow it to the end (Ctrl-C cancels a local job)")
    .requiredOption("-d, --dataset <name[@v]>", "dataset version to train on (its train and validation splits)")
    .requiredOption("-b, --base <model>", "model to tune, e.g. local:default or openai:gpt-4o-mini-2024-07-18")
    .option("-e, --engine <local|openai>", "where to train (default local)")
    .option("--name <name>", "name of the tuned model");
  withTrainingOptions(start)
    .option("--seed <n>", "seed", integerFrom(0))
    .option("--no-compare", "do not compare tuned and base on the test split at the end")
    .option("--json", "print the finished job as JSON")
    .action((options: FinetuneStartOptions) => runAction(async (context) => (await import("../actions/finetune-jobs.js")).startFinetune(context, options)));
  finetune
    .command("list")
    .description("list fine-tuning jobs, newest first")
    .option("-n, --limit <n>", "how many (default 20)", integerFrom(1))
    .option("--json", "print JSON")
    .action((options: { limit?: number; json?: boolean }) => runAction(async (context) => (await import("../actions/finetune-jobs.js")).listFinetunes(context, options)));
  finetune
    .command("status")
    .description("show a job: state, progress, tuned model; --watch follows it (and resumes one whose process ended)")
    .argument("<job>", "job id or a unique prefix")
    .option("-w, --watch", "follow the job to the end")
    .option("--json", "print JSON")
    .action((job: string, options: { watch?: boolean; json?: boolean }) => runAction(async (context) => (await import("../actions/finetune-jobs.js")).finetuneStatus(context, job, options)));
  finetune
    .command("logs")
    .description("print a job's events: phases, loss at each step, errors")
    .argument("<job>", "job id or a unique prefix")
    .option("--json", "print JSON lines")
    .action((job: string, options: { json?: boolean }) => runAction(async (context) => (await import("../actions/finetune-jobs.js")).finetuneLogs(context, job, options)));
  finetune
    .command("cancel")
    .description("cancel a job (a running local job stops at its next step)")
    .argument("<job>", "job id or a unique prefix")
    .action((job: string) => runAction(async (context) => (await import("../actions/finetune-jobs.js")).cancelFinetune(context, job)));
  finetune
    .command("compare")
    .description("compare the tuned model with its base on the dataset's test split, with paired statistics and a verdict")
    .argument("<job>", "job id or a unique prefix")
    .option("--suite <file>", "also run this eval suite (promptfoo-style tests) on both models")
    .option("--max-tokens <n>", "longest reply per case (default 64)", integerFrom(1))
    .option("--confidence <x>", "confidence level of the interval (default 0.95)", numberIn(0.5, 0.999))
    .option("--json", "print the report as JSON")
    .option("--markdown <file>", "also write the report as markdown")
    .action((job: string, options: { suite?: string; maxTokens?: number; confidence?: number; json?: boolean; markdown?: string }) =>
      runAction(async (context) => (await import("../actions/finetune-compare.js")).compareFinetune(context, job, options)),
    );
}
