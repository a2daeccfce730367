import { NotFoundError } from "../../errors/index.js";
import { calibrateCollection, MIN_CALIBRATION_SAMPLE, openCollection } from "../../rag/index.js";
import { poorReadabilityShare } from "../../models/index.js";
import type { TextReadability } from "../../models/index.js";
import type { CommandContext } from "../command-context.js";
import { calibrationLines } from "../output/calibration-lines.js";
import { formatTime, renderTable } from "../output/format.js";

/** Prints every collection. */
export async function listCollections(context: CommandContext, options: { json?: boolean }): Promise<number> {
  const flywheel = await context.flywheel();
  const collections = await flywheel.store.collections.list();
  if (options.json === true) {
    context.terminal.line(JSON.stringify(collections, null, 2));
    return 0;
  }
  if (collections.length === 0) {
    context.terminal.line("no collections yet: flywheel ingest <path> --collection <name>");
    return 0;
  }
  const rows = collections.map((item) => [item.name, String(item.documentCount), String(item.chunkCount), item.embeddingModel, String(item.dimensions), item.vectorIndex, formatTime(item.updatedAt)]);
  context.terminal.line(renderTable(["name", "documents", "chunks", "embedding model", "dims", "index", "updated"], rows));
  return 0;
}

/** Prints one collection: its model, size, settings, how readable its text is to the model, and the search mode its calibration chose with the evidence. */
export async function showCollection(context: CommandContext, name: string, options: { json?: boolean }): Promise<number> {
  const flywheel = await context.flywheel();
  const summary = (await flywheel.store.collections.list()).find((item) => item.name === name);
  const collection = await flywheel.store.collections.get(name);
  if (summary === undefined || collection === undefined) throw new NotFoundError({ what: "collection", id: name, hint: "run `flywheel collections list`" });
  if (options.json === true) {
    context.terminal.line(JSON.stringify({ ...summary, settings: collection.settings }, null, 2));
    return 0;
  }
  const { readability, ...settings } = collection.settings as { readability?: TextReadability } & Record<string, unknown>;
  const lines = [
    `${summary.name}: ${summary.documentCount} documents, ${summary.chunkCount} chunks, updated ${formatTime(summary.updatedAt)}`,
    `embedding model: ${summary.embeddingModel} (${summary.dimensions} dims, ${summary.vectorIndex} index)`,
    `settings: ${Object.entries(settings).map(([key, value]) => `${key} ${String(value)}`).join(", ")}`,
    readability === undefined
      ? "readability: not measured (the model's tokenizer is not available here)"
      : `readability: the model cannot read ${percent(readability.unreadableShare)} of the text (${percent(readability.unknownShare)} unknown pieces, ${readability.piecesPerWord.toFixed(2)} pieces per word; ${readability.texts} chunks sampled)${readability.unreadableShare >= poorReadabilityShare ? ": vector search will be poor, prefer --mode bm25" : ""}`,
  ];
  for (const line of lines) context.terminal.line(line);
  if (summary.calibration === undefined) context.terminal.line(`search mode: hybrid (not calibrated: run \`flywheel collections calibrate ${summary.name}\`)`);
  else for (const line of calibrationLines(summary.calibration)) context.terminal.line(line);
  return 0;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share > 0 && share < 0.01 ? 1 : 0)}%`;
}

/** Deletes one collection. */
export async function deleteCollection(context: CommandContext, name: string): Promise<number> {
  const flywheel = await context.flywheel();
  if (!(await flywheel.store.collections.delete(name))) throw new NotFoundError({ what: "collection", id: name, hint: "run `flywheel collections list`" });
  context.terminal.line(`deleted collection ${name}`);
  return 0;
}

/** Calibrates one collection again and prints the choice. */
export async function calibrateCollectionAction(context: CommandContext, name: string): Promise<number> {
  const flywheel = await context.flywheel();
  const collection = await openCollection(flywheel, name);
  const calibration = await calibrateCollection(flywheel, collection, { signal: context.signal });
  if (calibration === undefined) {
    context.terminal.line(`${name}: too few passages to draw ${MIN_CALIBRATION_SAMPLE} pseudo-queries from; searches use hybrid`);
    return 0;
  }
  for (const line of calibrationLines(calibration)) context.terminal.line(line);
  return 0;
}
