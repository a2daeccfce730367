import type { Command } from "commander";
import { integerFrom } from "../option-parsers.js";
import { runAction } from "../run-action.js";

/** Options of `flywheel worker`. */
export interface WorkerCommandOptions {
  /** Comma-separated queue names (default: every queue a worker can serve). */
  queues?: string;
  concurrency?: number;
  /** Serve the jobs of a libSQL file from this machine. */
  local?: boolean;
}

/** `flywheel worker`: a process that takes queued long work (fine-tuning, ingest, eval shards, radar runs). */
export function registerWorkerCommand(program: Command): void {
  program
    .command("worker")
    .description("take queued long work (fine-tuning, ingest, eval shards, radar runs) from the job queue until Ctrl-C; run as many as you like, on any machine that reaches the database")
    .option("--queues <names>", "comma-separated queues to serve (default: all of them)")
    .option("--concurrency <n>", "jobs of each queue run at once (default 1)", integerFrom(1))
    .option("--local", "serve the jobs of a libSQL file from this machine (a worker on PostgreSQL needs no flag)")
    .action((options: WorkerCommandOptions) => runAction(async (context) => (await import("../actions/worker.js")).workerAction(context, options)));
}
