import { once } from "node:events";
import { UsageError } from "../../errors/index.js";
import { describePostgresUrl, isPostgresUrl } from "../../store/index.js";
import { startWorker, workerHandlers } from "../../workers/index.js";
import type { WorkerJobEvent } from "../../workers/index.js";
import type { CommandContext } from "../command-context.js";
import type { WorkerCommandOptions } from "../commands/worker.js";
import { formatDuration } from "../output/format.js";

/**
 * `flywheel worker`: serves the queues named until Ctrl-C or SIGTERM, printing a line per job
 * started and ended. Stopping leaves running jobs resumable by the next worker.
 */
export async function workerAction(context: CommandContext, options: WorkerCommandOptions): Promise<number> {
  const config = await context.config();
  const postgres = isPostgresUrl(config.storeUrl);
  if (!postgres && options.local !== true) {
    throw new UsageError(
      "workers on other machines need a PostgreSQL store; this one is a libSQL file",
      "set FLYWHEEL_DB=postgres://… to share work across machines, or pass --local to serve this file's jobs from this machine",
    );
  }
  const flywheel = await context.flywheel();
  const all = workerHandlers(flywheel);
  const names = options.queues === undefined ? Object.keys(all) : [...new Set(options.queues.split(",").map((name) => name.trim()).filter((name) => name !== ""))];
  const unknown = names.filter((name) => all[name] === undefined);
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`${names.length === 0 ? "--queues names no queue" : `no queue "${unknown.join(", ")}"`}`, `queues a worker serves: ${Object.keys(all).join(", ")}`);
  }
  const concurrency = options.concurrency ?? 1;
  const { terminal } = context;
  const worker = await startWorker(flywheel, {
    handlers: Object.fromEntries(names.map((name) => [name, all[name]!])),
    concurrency,
    onJob: (event) => terminal.line(jobLine(event)),
    onPruned: (pruned) => terminal.line(`pruned ${pruned.traces} traces (${pruned.spans} spans) older than ${config.traces.retention}`),
  });
  const where = postgres ? describePostgresUrl(config.storeUrl) : config.storeUrl;
  terminal.info(`worker ${worker.workerId} serving ${names.join(", ")} (${concurrency} at once per queue) on ${where}; Ctrl-C to stop`);
  const terminated = new AbortController();
  const onTerm = () => terminated.abort();
  process.once("SIGTERM", onTerm);
  try {
    await once(AbortSignal.any([context.signal, terminated.signal]), "abort");
    terminal.info("stopping: running jobs stay resumable by the next worker");
    await worker.stop();
  } finally {
    process.off("SIGTERM", onTerm);
  }
  return 0;
}

function jobLine(event: WorkerJobEvent): string {
  const job = `${event.job.queue} ${event.job.jobId.slice(0, 8)}`;
  if (event.type === "started") return `started ${job}${event.job.attempts > 1 ? ` (attempt ${event.job.attempts})` : ""}`;
  const took = `after ${formatDuration(event.durationMs)}`;
  if (event.type === "failed") return `failed ${job} ${took}: ${event.message ?? "unknown error"}`;
  if (event.type === "stopped") return `stopped ${job} ${took}: left for the next worker`;
  return `${event.type} ${job} ${took}`;
}
