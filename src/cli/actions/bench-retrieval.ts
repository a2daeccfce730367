import cliProgress from "cli-progress";
import { benchRetrieval } from "../../rag/index.js";
import type { CommandContext } from "../command-context.js";
import type { BenchRetrievalCommandOptions } from "../commands/bench-retrieval.js";
import { renderTable } from "../output/format.js";
import { colors } from "../output/terminal.js";

/** Runs the BEIR benchmark and prints a table (or JSON). */
export async function benchRetrievalAction(context: CommandContext, folder: string, options: BenchRetrievalCommandOptions): Promise<number> {
  const flywheel = await context.flywheel();
  const { terminal } = context;
  const bar = terminal.interactiveErrors ? new cliProgress.SingleBar({ format: "ingest {bar} {value}/{total} documents | {rate} chunks/s", stream: process.stderr, clearOnComplete: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  const result = await benchRetrieval(flywheel, {
    folder,
    modes: options.modes,
    ...(options.embeddingModel ? { embeddingModel: options.embeddingModel } : {}),
    ...(options.collection ? { collection: options.collection } : {}),
    ...(options.weights ? { weights: options.weights } : {}),
    signal: context.signal,
    onIngestProgress: (progress) => {
      if (bar === undefined) return;
      if (!started) bar.start(progress.documentsTotal, progress.documentsDone, { rate: progress.chunksPerSecond.toFixed(1) });
      else bar.update(progress.documentsDone, { rate: progress.chunksPerSecond.toFixed(1) });
      started = true;
    },
  });
  bar?.stop();
  if (options.json === true) {
    terminal.line(JSON.stringify(result, null, 2));
    return 0;
  }
  terminal.line(colors.bold(`${result.dataset}: ${result.documents} documents, ${result.judgedQueries} judged queries (${result.skippedQueries} without judgments skipped), ${result.embeddingModel}`));
  const rows = result.modes.map((mode) => [mode.mode, mode.ndcgAt10.toFixed(3), mode.recallAt10.toFixed(3), mode.recallAt100.toFixed(3), mode.mrrAt10.toFixed(3), mode.queriesPerSecond.toFixed(1)]);
  terminal.line(renderTable(["mode", "nDCG@10", "recall@10", "recall@100", "MRR@10", "queries/s"], rows));
  return 0;
}
