import type { Command } from "commander";
import { integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel worker`. */
export interface WorkerCommandOptions {
  queues?: string;
  concurrency?: number;
}

/** `flywheel worker`: takes queued long work (fine-tuning, eval shards, ingest) until stopped. */
export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("take queued long work (fine-tuning, eval shards, ingest) from the store's job queue until Ctrl-C; run one on every machine that reaches the database")
    .option("--queues <names>", "comma-separated queues to serve (default: all of them)")
    .option("--concurrency <n>", "jobs of each queue to run at once (default 1)", integerFrom(1))
    .action((options: WorkerCommandOptions) => runAction(async (context) => (await import("../actions/worker.js")).worker(context, options)));
}
