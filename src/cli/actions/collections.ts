import { NotFoundError } from "../../errors/index.js";
import { calibrateCollection, MIN_CALIBRATION_SAMPLE, openCollection } from "../../rag/index.js";
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

/** Deletes one collection. */
export async function deleteCollection(context: CommandContext, name: string): Promise<number> {
  const flywheel = await context.flywheel();
  if (!(await flywheel.store.collections.delete(name))) throw new NotFoundError({ what: "collection", id: name, hint: "run `flywheel collections list`" });
  context.terminal.line(`deleted collection ${name}`);
  return 0;
}

/** Prints one collection with its calibration and the evidence for it. */
export async function showCollection(context: CommandContext, name: string, options: { json?: boolean }): Promise<number> {
  const flywheel = await context.flywheel();
  const collection = (await flywheel.store.collections.list()).find((item) => item.name === name);
  if (collection === undefined) throw new NotFoundError({ what: "collection", id: name, hint: "run `flywheel collections list`" });
  if (options.json === true) {
    context.terminal.line(JSON.stringify(collection, null, 2));
    return 0;
  }
  context.terminal.line(`${collection.name}: ${collection.documentCount} documents, ${collection.chunkCount} chunks, ${collection.embeddingModel} (${collection.dimensions} dims, ${collection.vectorIndex} index), updated ${formatTime(collection.updatedAt)}`);
  if (collection.calibration === undefined) context.terminal.line(`search mode: hybrid (not calibrated: run \`flywheel collections calibrate ${collection.name}\`)`);
  else for (const line of calibrationLines(collection.calibration)) context.terminal.line(line);
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
