import { UsageError } from "../../errors/index.js";
import type { RadarRun } from "../../radar/watch/index.js";
import { scheduleRadar } from "../../workers/index.js";
import type { RadarTick } from "../../workers/index.js";
import type { CommandContext } from "../command-context.js";
import { formatDuration } from "../output/format.js";
import { colors } from "../output/terminal.js";
import { ExitCode } from "../run-action.js";

/** Runs the radar once, or every `every` milliseconds until Ctrl-C, printing one line per run. */
export async function radarWatchAction(context: CommandContext, options: { every?: number; run: RadarRun }): Promise<number> {
  if (options.every !== undefined && options.every < 1000) throw new UsageError("--every must be at least 1s", "pass a span like 6h or 30m");
  const flywheel = await context.flywheel();
  const { terminal } = context;
  let failed = 0;
  const ticks = await scheduleRadar(flywheel, {
    everyMs: options.every ?? 0,
    ...(options.every === undefined ? { maxTicks: 1 } : {}),
    cwd: process.cwd(),
    run: options.run,
    signal: context.signal,
    onQueued: (tick, job) => terminal.info(colors.dim(`run ${tick}: job ${job.jobId.slice(0, 8)} queued`)),
    onProgress: (message) => terminal.info(colors.dim(message)),
    onTick: (tick) => {
      if (tick.job.state !== "succeeded") failed += 1;
      report(context, tick);
      if (options.every !== undefined) terminal.info(colors.dim(`next run in ${formatDuration(options.every)}; Ctrl-C stops`));
    },
  });
  if (context.signal.aborted) {
    terminal.info(colors.yellow(`stopped after ${ticks} ${ticks === 1 ? "run" : "runs"}`));
    return ExitCode.cancelled;
  }
  return failed > 0 ? ExitCode.failure : ExitCode.ok;
}

function report(context: CommandContext, { tick, job, inWorker }: RadarTick): void {
  const where = inWorker ? ` (worker ${job.workerId ?? "?"})` : "";
  if (job.state !== "succeeded" || job.result === null) {
    process.stderr.write(`${colors.red("error:")} run ${tick} ${job.state}: ${job.error?.message ?? "no result"}\n${job.error?.hint === undefined ? "" : `${colors.dim("hint:")} ${job.error.hint}\n`}`);
    return;
  }
  const result = job.result as { digestId: string; entries: number; modelChanges: number; failures: number; modelWatch: { model: string; baseline: string; recommendation: string }[] };
  context.terminal.line(`run ${tick}${where}: digest ${result.digestId}: ${result.entries} entries, ${result.modelChanges} model changes, ${result.failures} failed sources`);
  for (const watched of result.modelWatch) context.terminal.line(`  ${watched.model} vs ${watched.baseline}: ${watched.recommendation}`);
}
