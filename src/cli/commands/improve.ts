import type { Command } from "commander";
import { integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";
import { withTrainingOptions } from "./training-options.js";

/** Options of `flywheel improve`. */
export interface ImproveCommandOptions {
  fromTraces?: string | boolean;
  base: string;
  engine?: string;
  gate: string;
  dataset?: string;
  name?: string;
  epochs?: number;
  learningRate?: number;
  rank?: number;
  maxSteps?: number;
  batchSize?: number;
  /** Install the local training environment if it is missing, without asking. */
  yes?: boolean;
  seed?: number;
  suite?: string[];
  maxTokens?: number;
  split?: string;
  out?: string;
  fresh?: boolean;
  json?: boolean;
}

/** `flywheel improve`: traces to dataset to fine-tune to comparison to gate, resumable. */
export function registerImproveCommand(program: Command): void {
  const improve = program
    .command("improve")
    .description("the whole loop: dataset from traces, fine-tune, compare with the base, gate; exits 0 only when the gate passes")
    .option("--from-traces [filters]", 'traces to learn from: "model=<id> since=7d tag=<t> prompt=<p> feedback=good min-score=0.5 limit=<n>" (default: all)')
    .requiredOption("-b, --base <model>", "model to tune, e.g. local:default")
    .option("-e, --engine <local|openai>", "where to train (default local)")
    .requiredOption("-g, --gate <rule>", 'when to accept the tuned model, e.g. "delta>=0.05 and p<0.05" (delta, low, high, p, p_mcnemar, base, tuned, n)')
    .option("--dataset <name>", "dataset name (default improve)")
    .option("--name <name>", "name of the tuned model");
  withTrainingOptions(improve)
    .option("--seed <n>", "seed of the split and the training", integerFrom(0))
    .option("--split <train,validation,test>", "split fractions (default: datasets.split in config, 0.8,0.1,0.1)")
    .option("--suite <file...>", "extra eval suites to compare the models on")
    .option("--max-tokens <n>", "longest reply per compared case (default 64)", integerFrom(1))
    .option("-o, --out <dir>", "folder for improve-report.md and improve-report.json (default: here)")
    .option("--fresh", "start over instead of resuming an unfinished run with the same inputs")
    .option("--json", "print the report as JSON")
    .action((options: ImproveCommandOptions) => runAction(async (context) => (await import("../actions/improve.js")).improveCommand(context, options)));
}
