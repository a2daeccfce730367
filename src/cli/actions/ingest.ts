import cliProgress from "cli-progress";
import { UsageError } from "../../errors/index.js";
import { ingest } from "../../rag/index.js";
import type { IngestSummary } from "../../rag/index.js";
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
  const summary = await ingest(flywheel, {
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
    signal: context.signal,
    onProgress: (progress) => {
      if (bar === undefined) return;
      const payload = { chunks: progress.chunks, rate: progress.chunksPerSecond.toFixed(1) };
      if (!started) {
        bar.start(progress.documentsTotal, progress.documentsDone, payload);
        started = true;
      } else bar.update(progress.documentsDone, payload);
    },
    onWarning: (skip) => {
      bar?.stop();
      started = false;
      terminal.warn(skip.message);
    },
  });
  bar?.stop();
  if (options.json === true) {
    terminal.line(JSON.stringify(summary, null, 2));
  } else {
    terminal.line(summaryLine(summary));
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
