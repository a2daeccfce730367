import cliProgress from "cli-progress";
import { FlywheelError, UsageError } from "../../errors/index.js";
import { INGEST_QUEUE, ingest, ingestJobPayload } from "../../rag/index.js";
import type { IngestOptions, IngestProgress, IngestSummary } from "../../rag/index.js";
import { hasLiveWorkers } from "../../workers/index.js";
import type { CommandContext } from "../command-context.js";
import type { IngestCommandOptions } from "../commands/ingest.js";
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
  const onProgress = (progress: Pick<IngestProgress, "documentsDone" | "documentsTotal" | "chunks" | "chunksPerSecond">) => {
    if (bar === undefined) return;
    const payload = { chunks: progress.chunks, rate: progress.chunksPerSecond.toFixed(1) };
    if (!started) {
      bar.start(progress.documentsTotal, progress.documentsDone, payload);
      started = true;
    } else bar.update(progress.documentsDone, payload);
  };
  const request: Omit<IngestOptions, "signal" | "onProgress" | "onWarning"> & { cwd: string } = {
    collection: options.collection,
    inputs,
    ...(options.embeddingModel ? { embeddingModel: options.embeddingModel } : {}),
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    ...(options.chunkOverlap !== undefined ? { chunkOverlap: options.chunkOverlap } : {}),
    ...(options.exclude ? { excludes: options.exclude } : {}),
    ...(options.vectorIndex ? { vectorIndex: options.vectorIndex } : {}),
    ...(options.maxFileBytes ? { maxFileBytes: options.maxFileBytes } : {}),
    allowPrivateNetwork: options.allowPrivateNetwork === true,
    cwd: process.cwd(),
  };
  const onWarning = (message: string) => {
    bar?.stop();
    started = false;
    terminal.warn(message);
  };
  const summary =
    options.inProcess !== true && (await hasLiveWorkers(flywheel, INGEST_QUEUE))
      ? await ingestOnWorker(context, request, onProgress, onWarning)
      : await ingest(flywheel, { ...request, signal: context.signal, onProgress, onWarning: (skip) => onWarning(skip.message) });
  bar?.stop();
  if (summary === undefined) return 130;
  if (options.json === true) {
    terminal.line(JSON.stringify(summary, null, 2));
  } else {
    terminal.line(summaryLine(summary));
  }
  if (summary.cancelled) terminal.info(colors.yellow("cancelled: documents written so far are complete; run the same command again to finish"));
  return summary.cancelled ? 130 : 0;
}

/** Queues the ingest for a worker and follows it; Ctrl-C cancels the job. Undefined when cancelled before it ended. */
async function ingestOnWorker(
  context: CommandContext,
  request: Omit<IngestOptions, "signal" | "onProgress" | "onWarning"> & { cwd: string },
  onProgress: (progress: Pick<IngestProgress, "documentsDone" | "documentsTotal" | "chunks" | "chunksPerSecond">) => void,
  onWarning: (message: string) => void,
): Promise<IngestSummary | undefined> {
  const flywheel = await context.flywheel();
  const job = await flywheel.jobs.enqueue(INGEST_QUEUE, ingestJobPayload(request));
  context.terminal.info(colors.dim(`a worker takes this ingest (job ${job.jobId.slice(0, 8)}); Ctrl-C cancels it`));
  const onAbort = () => void flywheel.jobs.cancel(job.jobId).catch(() => undefined);
  context.signal.addEventListener("abort", onAbort, { once: true });
  try {
    const done = await flywheel.jobs.watch(job.jobId, {
      pollMs: 250,
      onProgress: (progress) => onProgress(progress as unknown as IngestProgress),
      onEvent: (event) => {
        if (event.type === "skipped" && typeof event.data.message === "string") onWarning(event.data.message);
      },
    });
    if (done.state === "cancelled") return undefined;
    if (done.state !== "succeeded") throw new FlywheelError({ code: "job-failed", message: `the ingest job failed: ${done.error?.message ?? done.state}`, hint: done.error?.hint ?? "see `flywheel worker` output on the machine that ran it" });
    return done.result as unknown as IngestSummary;
  } finally {
    context.signal.removeEventListener("abort", onAbort);
  }
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
