import { poorReadabilityShare } from "../../models/index.js";
import cliProgress from "cli-progress";
import { UsageError } from "../../errors/index.js";
import { isFinalJobState } from "../../jobs/index.js";
import type { JobEventRecord } from "../../jobs/index.js";
import { INGEST_QUEUE, ingest } from "../../rag/index.js";
import type { IngestJobPayload, IngestProgress, IngestSkip, IngestSummary } from "../../rag/index.js";
import type { Flywheel } from "../../runtime/index.js";
import { followInWorker, hasLiveWorkers } from "../../workers/index.js";
import type { CommandContext } from "../command-context.js";
import type { IngestCommandOptions } from "../commands/ingest.js";
import { calibrationLines } from "../output/calibration-lines.js";
import { formatDuration } from "../output/format.js";
import { colors } from "../output/terminal.js";

/** Ingests inputs with a progress bar (files, chunks, chunks/s) and prints a summary. */
export async function ingestAction(context: CommandContext, inputs: string[], options: IngestCommandOptions): Promise<number> {
  if (options.vectorIndex !== undefined && !["exact", "hnsw", "diskann"].includes(options.vectorIndex)) {
    throw new UsageError(`--vector-index must be exact, hnsw or diskann, not "${options.vectorIndex}"`);
  }
  const flywheel = await context.flywheel();
  const { terminal } = context;
  const bar = terminal.interactiveErrors
    ? new cliProgress.SingleBar(
        { format: "{bar} {value}/{total} documents | {chunks} chunks | {rate} chunks/s", hideCursor: true, clearOnComplete: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let started = false;
  const onProgress = (progress: IngestProgress) => {
    if (bar === undefined) return;
    const payload = { chunks: progress.chunks, rate: progress.chunksPerSecond.toFixed(1) };
    if (!started) {
      bar.start(progress.documentsTotal, progress.documentsDone, payload);
      started = true;
    } else bar.update(progress.documentsDone, payload);
  };
  const onWarning = (skip: IngestSkip) => {
    bar?.stop();
    started = false;
    terminal.warn(skip.message);
  };
  const job: IngestJobPayload = {
    collection: options.collection,
    inputs,
    cwd: process.cwd(),
    ...(options.embeddingModel ? { embeddingModel: options.embeddingModel } : {}),
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    ...(options.chunkOverlap !== undefined ? { chunkOverlap: options.chunkOverlap } : {}),
    ...(options.exclude ? { excludes: options.exclude } : {}),
    ...(options.vectorIndex ? { vectorIndex: options.vectorIndex } : {}),
    ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
    allowPrivateNetwork: options.allowPrivateNetwork === true,
  };
  const inWorker = options.inProcess !== true && (await hasLiveWorkers(flywheel, INGEST_QUEUE)) ? await ingestInWorker(context, flywheel, job, { onProgress, onWarning }) : "no-worker";
  const summary = inWorker === "no-worker" ? await ingest(flywheel, { ...job, signal: context.signal, onProgress, onWarning }) : inWorker;
  bar?.stop();
  if (typeof summary === "number") return summary;
  if (options.json === true) {
    terminal.line(JSON.stringify(summary, null, 2));
  } else {
    terminal.line(summaryLine(summary));
    if (summary.calibration !== undefined) for (const line of calibrationLines(summary.calibration)) terminal.line(line);
  }
  for (const warning of summary.warnings) terminal.warn(warning);
  if (summary.calibration?.mode === "bm25" && (summary.readability === undefined || summary.readability.unreadableShare < poorReadabilityShare)) {
    terminal.warn(`${summary.embeddingModel} does not seem to read this collection's text (vector search found few of its own passages), so searches use BM25 alone; an embedding model that knows the language would do better`);
  }
  if (summary.cancelled) terminal.info(colors.yellow("cancelled: documents written so far are complete; run the same command again to finish"));
  return summary.cancelled ? 130 : 0;
}

function summaryLine(summary: IngestSummary): string {
  const skipped = summary.skipped.length === 0 ? "" : `, ${summary.skipped.length} skipped (${countReasons(summary)})`;
  return `${colors.bold(summary.collection)}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deleted} deleted${skipped} · ${summary.chunks} chunks embedded with ${summary.embeddingModel} · ${summary.chunksPerSecond.toFixed(1)} chunks/s · ${formatDuration(summary.durationMs)}`;
}

function countReasons(summary: IngestSummary): string {
  const counts = new Map<string, number>();
  for (const skip of summary.skipped) counts.set(skip.reason, (counts.get(skip.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} ${reason}`).join(", ");
}

/**
 * Queues the ingest for a worker and follows it; Ctrl-C cancels it there. The summary, or the
 * exit code when the job failed (its error printed) or was cancelled, or `no-worker` when the
 * worker went away before taking it (the job is cancelled and the caller ingests itself).
 */
async function ingestInWorker(
  context: CommandContext,
  flywheel: Flywheel,
  payload: IngestJobPayload,
  report: { onProgress(progress: IngestProgress): void; onWarning(skip: IngestSkip): void },
): Promise<IngestSummary | number | "no-worker"> {
  const queued = await flywheel.jobs.enqueue(INGEST_QUEUE, payload);
  context.terminal.info(colors.dim(`job ${queued.jobId} queued for a worker`));
  const watching = {
    onProgress: (progress: Record<string, unknown>) => report.onProgress(progress as unknown as IngestProgress),
    onEvent: (event: JobEventRecord) => {
      if (event.type === "skipped") report.onWarning(event.data as unknown as IngestSkip);
    },
  };
  const follow = () => flywheel.jobs.watch(queued.jobId, watching);
  let job = await followInWorker(flywheel, INGEST_QUEUE, queued.jobId, { ...watching, signal: context.signal });
  if (job === undefined) {
    await flywheel.jobs.cancel(queued.jobId);
    context.terminal.info(colors.dim("the worker went away before taking the ingest: running it here"));
    return "no-worker";
  }
  if (!isFinalJobState(job.state)) {
    await flywheel.jobs.cancel(queued.jobId);
    job = await follow();
  }
  if (job.state === "succeeded") return job.result as unknown as IngestSummary;
  if (job.state === "cancelled") {
    context.terminal.info(colors.yellow("cancelled: documents written so far are complete; run the same command again to finish"));
    return 130;
  }
  process.stderr.write(`${colors.red("error:")} ${job.error?.message ?? "the ingest job failed"}\n${job.error?.hint === undefined ? "" : `${colors.dim("hint:")} ${job.error.hint}\n`}`);
  return 1;
}
