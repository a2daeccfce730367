import { isPostgresUrl } from "../../store/index.js";
import { UsageError } from "../../errors/index.js";
import { runWorker } from "../../workers/index.js";
import type { CommandContext } from "../command-context.js";
import type { WorkerCommandOptions } from "../commands/worker.js";
import { colors } from "../output/terminal.js";

/** Serves the job queues until Ctrl-C or SIGTERM; jobs it was running stay resumable. */
export async function worker(context: CommandContext, options: WorkerCommandOptions): Promise<number> {
  const flywheel = await context.flywheel();
  const { terminal } = context;
  const queues = options.queues?.split(",").map((name) => name.trim()).filter((name) => name.length > 0);
  if (queues !== undefined && queues.length === 0) throw new UsageError("--queues names no queue", "pass names such as --queues eval,finetune");
  const stop = new AbortController();
  const onTerm = () => stop.abort();
  process.once("SIGTERM", onTerm);
  context.signal.addEventListener("abort", () => stop.abort(), { once: true });
  try {
    const running = await runWorker(flywheel, {
      ...(queues === undefined ? {} : { queues }),
      concurrency: options.concurrency ?? 1,
      signal: stop.signal,
      onJob: (event) => {
        const what = `${event.queue} job ${event.jobId.slice(0, 8)}`;
        if (event.phase === "started") terminal.line(`started ${what}`);
        else terminal.line(`${event.state === "succeeded" ? colors.green("finished") : colors.yellow(event.state ?? "left")} ${what}${event.error === undefined ? "" : `: ${event.error}`}`);
      },
    });
    terminal.line(`${colors.bold("worker")} ${running.workerId} serving ${running.queues.join(", ")} (${options.concurrency ?? 1} at a time each) on ${flywheel.store.location}`);
    if (!isPostgresUrl(flywheel.config.storeUrl)) terminal.info(colors.dim("the store is a libSQL file: only processes on this machine share it; use PostgreSQL for workers on other machines"));
    terminal.info(colors.dim("Ctrl-C stops the worker; its running jobs are left for another worker to resume"));
    await running.done;
  } finally {
    process.off("SIGTERM", onTerm);
  }
  return 0;
}
